/**
 * A scriptable XMLHttpRequest for the upload tests: each `send()` is recorded, and the test decides
 * when bytes move, what the server answers, or that the connection dies.
 */
export class FakeXhr {
  static instances: FakeXhr[] = [];
  static active = 0;
  static maxActive = 0;

  method = '';
  url = '';
  headers: Record<string, string> = {};
  body: FormData | undefined;
  status = 0;
  responseText = '';
  private responseHeaders: Record<string, string> = {};
  private done = false;
  upload: { onprogress: ((event: ProgressEvent) => void) | null; onload: (() => void) | null } = {
    onprogress: null,
    onload: null,
  };
  onload: (() => void) | null = null;
  onerror: (() => void) | null = null;
  onabort: (() => void) | null = null;

  static reset(): void {
    FakeXhr.instances = [];
    FakeXhr.active = 0;
    FakeXhr.maxActive = 0;
  }

  open(method: string, url: string): void {
    this.method = method;
    this.url = url;
  }
  setRequestHeader(name: string, value: string): void {
    this.headers[name] = value;
  }
  getResponseHeader(name: string): string | null {
    return this.responseHeaders[name.toLowerCase()] ?? null;
  }
  send(body: FormData): void {
    this.body = body;
    FakeXhr.instances.push(this);
    FakeXhr.active++;
    FakeXhr.maxActive = Math.max(FakeXhr.maxActive, FakeXhr.active);
  }
  abort(): void {
    if (this.finish()) this.onabort?.();
  }

  // --- what the test drives ---
  progress(loaded: number, total: number): void {
    this.upload.onprogress?.({ lengthComputable: true, loaded, total } as ProgressEvent);
  }
  respond(status: number, body: unknown, headers: Record<string, string> = {}): void {
    if (!this.finish()) return;
    this.upload.onload?.();
    this.status = status;
    this.responseText = JSON.stringify(body);
    this.responseHeaders = Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
    this.onload?.();
  }
  fail(): void {
    if (this.finish()) this.onerror?.();
  }
  get file(): File {
    return this.body?.get('file') as File;
  }
  private finish(): boolean {
    if (this.done) return false;
    this.done = true;
    FakeXhr.active--;
    return true;
  }
}
