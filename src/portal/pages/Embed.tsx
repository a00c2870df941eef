import { useSignal } from '@preact/signals';
import { useRef, useState } from 'preact/hooks';
import * as z from 'zod/mini';
import { explainUrlAllowed, parseAllowListEntry, type EntryMismatch } from '../../core/allow-list.js';
import { accessibleSurface, contrastRatio, isHexColor } from '../../core/color.js';
import { TILE_PLACEMENTS, TILE_POSITIONS, embedConfigInputSchema, type EmbedConfig } from '../../core/embed-config.js';
import { SUPPORTED_LANGUAGES, type Language } from '../../core/languages.js';
import { embedConfigSettingsSchema, type AllowedUrlState, type EmbedConfigSettings } from '../../core/portal.js';
import { usePortal } from '../context.js';
import { fieldId, useSaveForm, type Form } from '../form.js';
import { useLoad } from '../load.js';
import { CheckboxField, FieldGroup, ReadOnlyNotice, SaveBar, SelectField, TextField } from '../ui/fields.js';
import { LoadState, PageHeading } from '../ui/page.js';
import { TilePreview } from './tile-preview.js';

/** Help Center embed: where the tile may show, how it looks, and the real tile in every language. */
export function EmbedPage({ slug, readOnly }: { slug: string; readOnly: boolean }) {
  const { t, api } = usePortal();
  const [loaded, reload, replace] = useLoad(slug, () =>
    api('GET', `/v1/shops/${slug}/resolve/embed-config/settings`, { schema: embedConfigSettingsSchema }),
  );
  return (
    <section>
      <PageHeading title={t('embed.title')} intro={t('embed.intro')} />
      <ReadOnlyNotice readOnly={readOnly} />
      <LoadState loaded={loaded} onRetry={reload}>
        {(settings) => <EmbedForm slug={slug} readOnly={readOnly} settings={settings} onSaved={replace} />}
      </LoadState>
    </section>
  );
}

type Values = Record<string, string | boolean>;

function settingsToValues(settings: EmbedConfigSettings): Values {
  const values: Values = {
    enabled: settings.enabled,
    default_language: settings.default_language,
    primary_color: settings.branding.primary_color,
    logo_url: settings.branding.logo_url ?? '',
    placement: settings.tile?.placement ?? 'auto',
    position: settings.tile?.position ?? 'bottom-left',
    new_url: '',
  };
  for (const language of SUPPORTED_LANGUAGES) {
    values[`languages.${language}`] = settings.languages ? settings.languages.includes(language) : true;
    values[`tile.title.${language}`] = settings.tile?.title?.[language] ?? '';
    values[`tile.subtitle.${language}`] = settings.tile?.subtitle?.[language] ?? '';
  }
  return values;
}

/** The typed values as the config the API stores (and the preview renders). */
function valuesToInput(values: Values, urls: string[]) {
  const text = (prefix: string) => {
    const entries = SUPPORTED_LANGUAGES.map(
      (language) => [language, String(values[`${prefix}.${language}`] ?? '').trim()] as const,
    ).filter(([, value]) => value);
    return entries.length ? Object.fromEntries(entries) : undefined;
  };
  const languages = SUPPORTED_LANGUAGES.filter((language) => values[`languages.${language}`] === true);
  const logo = String(values.logo_url ?? '').trim();
  return {
    enabled: values.enabled === true,
    allowed_urls: urls,
    default_language: values.default_language as Language,
    // Every language ticked is the same as not limiting them.
    ...(languages.length === SUPPORTED_LANGUAGES.length ? {} : { languages }),
    branding: { primary_color: String(values.primary_color ?? '').trim(), logo_url: logo || null },
    tile: {
      placement: values.placement as (typeof TILE_PLACEMENTS)[number],
      position: values.position as (typeof TILE_POSITIONS)[number],
      ...(text('tile.title') ? { title: text('tile.title') } : {}),
      ...(text('tile.subtitle') ? { subtitle: text('tile.subtitle') } : {}),
    },
  };
}

function EmbedForm(props: {
  slug: string;
  readOnly: boolean;
  settings: EmbedConfigSettings;
  onSaved: (settings: EmbedConfigSettings) => void;
}) {
  const { t, api } = usePortal();
  const { settings } = props;
  const urls = useSignal<string[]>(settings.allowed_urls);
  const form = useSaveForm('embed', settingsToValues(settings), {
    schema: embedConfigInputSchema,
    body: (current) => valuesToInput(current, urls.value),
    send: (body) =>
      api('PUT', `/v1/shops/${props.slug}/resolve/embed-config`, { body, schema: embedConfigSettingsSchema }),
    messages: {
      'branding.primary_color': t('embed.color_invalid'),
      'branding.logo_url': t('embed.logo_invalid'),
      languages: t('embed.languages_required'),
    },
    fields: {
      'branding.primary_color': 'primary_color',
      'branding.logo_url': 'logo_url',
      'tile.placement': 'placement',
      'tile.position': 'position',
      languages: 'languages',
    },
    onSaved: (saved) => {
      urls.value = saved.allowed_urls;
      props.onSaved(saved);
    },
  });
  const values = form.values.value;
  const input = valuesToInput(values, urls.value);
  const states = new Map(settings.allowed_url_states.map((entry) => [entry.url, entry.state]));

  const addUrl = () => {
    const raw = String(form.values.value.new_url ?? '').trim();
    const parsed = parseAllowListEntry(raw);
    if (!raw || !parsed.ok) {
      form.errors.value = {
        ...form.errors.value,
        new_url: raw
          ? t(`embed.entry_problem.${parsed.ok ? 'not_http_url' : parsed.problem}`)
          : t('validation.required'),
      };
      document.getElementById(fieldId(form.id, 'new_url'))?.focus();
      return;
    }
    if (!urls.value.includes(raw)) urls.value = [...urls.value, raw];
    form.set('new_url', '');
  };

  return (
    <div class="embed-layout">
      <form noValidate onSubmit={form.onSubmit}>
        <fieldset disabled={props.readOnly}>
          <section class="card" aria-labelledby="embed-urls">
            <h2 id="embed-urls">{t('embed.urls_title')}</h2>
            <p class="hint">{t('embed.urls_review')}</p>
            {urls.value.length === 0 ? <p>{t('embed.no_urls')}</p> : null}
            <ul class="list" aria-label={t('embed.urls_title')}>
              {urls.value.map((url, index) => {
                const state: AllowedUrlState | 'unsaved' = states.get(url) ?? 'unsaved';
                const error = form.errors.value[`allowed_urls.${index}`];
                return (
                  <li key={url} data-state={state}>
                    <code class="grow">{url}</code>
                    <span class={`badge ${state}`}>{t(`embed.url_state.${state}`)}</span>
                    <button
                      type="button"
                      class="secondary small"
                      onClick={() => (urls.value = urls.value.filter((entry) => entry !== url))}
                      aria-label={t('embed.remove_url', { url })}
                    >
                      {t('common.remove')}
                    </button>
                    {error ? <p class="field-error">{error}</p> : null}
                  </li>
                );
              })}
            </ul>
            <div class="row">
              <TextField
                form={form}
                name="new_url"
                type="url"
                label={t('embed.new_url')}
                hint={t('embed.new_url_hint')}
                spellcheck={false}
                autocomplete="off"
              />
              <button type="button" class="secondary" onClick={addUrl}>
                {t('embed.add_url')}
              </button>
            </div>
          </section>

          <section class="card" aria-labelledby="embed-look">
            <h2 id="embed-look">{t('embed.look_title')}</h2>
            <CheckboxField form={form} name="enabled" label={t('embed.enabled')} hint={t('embed.enabled_hint')} />
            <ColorField form={form} />
            <TextField
              form={form}
              name="logo_url"
              type="url"
              label={t('embed.logo_url')}
              hint={t('embed.logo_url_hint')}
              spellcheck={false}
            />
            <SelectField
              form={form}
              name="placement"
              label={t('embed.placement')}
              options={TILE_PLACEMENTS.map((value) => ({ value, label: t(`embed.placement_value.${value}`) }))}
            />
            <SelectField
              form={form}
              name="position"
              label={t('embed.position')}
              hint={t('embed.position_hint')}
              options={TILE_POSITIONS.map((value) => ({ value, label: t(`embed.position_value.${value}`) }))}
            />
          </section>

          <section class="card" aria-labelledby="embed-languages">
            <h2 id="embed-languages">{t('embed.languages_title')}</h2>
            <SelectField
              form={form}
              name="default_language"
              label={t('embed.default_language')}
              options={SUPPORTED_LANGUAGES.map((value) => ({ value, label: t(`embed.language.${value}`) }))}
            />
            <FieldGroup form={form} name="languages" legend={t('embed.languages')}>
              {SUPPORTED_LANGUAGES.map((language) => (
                <CheckboxField
                  key={language}
                  form={form}
                  name={`languages.${language}`}
                  label={t(`embed.language.${language}`)}
                />
              ))}
            </FieldGroup>
            <p class="hint">{t('embed.texts_hint')}</p>
            {SUPPORTED_LANGUAGES.map((language) => (
              <details key={language}>
                <summary>{t('embed.texts_for', { language: t(`embed.language.${language}`) })}</summary>
                <TextField
                  form={form}
                  name={`tile.title.${language}`}
                  label={t('embed.tile_title', { language: t(`embed.language.${language}`) })}
                />
                <TextField
                  form={form}
                  name={`tile.subtitle.${language}`}
                  label={t('embed.tile_subtitle', { language: t(`embed.language.${language}`) })}
                />
              </details>
            ))}
          </section>
          <SaveBar form={form} label={t('form.save')} />
        </fieldset>
      </form>
      {/* Beside the form on a wide screen (and kept in view), below it on a phone. */}
      <div class="embed-side">
        <Tester urls={urls.value} states={states} />
        <Preview slug={props.slug} input={input} />
      </div>
    </div>
  );
}

/** The brand colour, and the contrast the tile will really use (darkened where needed for AA). */
function ColorField({ form }: { form: Form<Values> }) {
  const { t } = usePortal();
  const color = String(form.values.value.primary_color ?? '');
  const valid = isHexColor(color);
  const surface = valid ? accessibleSurface(color) : undefined;
  return (
    <>
      <div class="row">
        <TextField
          form={form}
          name="primary_color"
          label={t('embed.primary_color')}
          hint={t('embed.primary_color_hint')}
          spellcheck={false}
        />
        <div class="field">
          <label for="embed-color-picker">{t('embed.color_picker')}</label>
          <input
            id="embed-color-picker"
            type="color"
            value={valid && color.length === 7 ? color : '#000000'}
            onInput={(event) => form.set('primary_color', (event.currentTarget as HTMLInputElement).value)}
          />
        </div>
      </div>
      {surface ? (
        <p class="hint" data-testid="contrast">
          {surface.background === color.toLowerCase() ||
          (color.length === 4 &&
            surface.background === `#${[...color.slice(1)].map((d) => d + d).join('')}`.toLowerCase())
            ? t('embed.contrast_as_is', { ratio: contrastRatio(surface.background, surface.text).toFixed(1) })
            : t('embed.contrast_darkened', {
                color: surface.background,
                ratio: contrastRatio(surface.background, surface.text).toFixed(1),
              })}{' '}
          {t(surface.text === '#ffffff' ? 'embed.text_white' : 'embed.text_dark')}
        </p>
      ) : null}
    </>
  );
}

/** "Would the tile show on this URL?", answered by the embed's own matcher against the live entries. */
function Tester({ urls, states }: { urls: string[]; states: Map<string, AllowedUrlState> }) {
  const { t } = usePortal();
  const [page, setPage] = useState('');
  const live = urls.filter((url) => states.get(url) === 'live');
  const waiting = urls.filter((url) => states.get(url) !== 'live' && states.get(url) !== 'refused');
  const verdict = page.trim() ? explainUrlAllowed(page.trim(), live) : undefined;
  const wouldMatch =
    verdict && !verdict.allowed && !verdict.pageInvalid ? explainUrlAllowed(page.trim(), waiting) : undefined;
  return (
    <section class="card" aria-labelledby="embed-tester">
      <h2 id="embed-tester">{t('embed.tester_title')}</h2>
      <div class="field">
        <label for="embed-tester-url">{t('embed.tester_url')}</label>
        <input
          id="embed-tester-url"
          type="url"
          value={page}
          spellcheck={false}
          aria-describedby="embed-tester-result"
          onInput={(event) => setPage((event.currentTarget as HTMLInputElement).value)}
        />
      </div>
      <div id="embed-tester-result" class="tester-result" role="status" data-testid="tester-result">
        {!verdict ? (
          <p class="hint">{t('embed.tester_hint')}</p>
        ) : verdict.allowed ? (
          <p class="success">
            {t('embed.tester_shows')} <code>{verdict.entry}</code>
          </p>
        ) : verdict.pageInvalid ? (
          <p class="error">{t('embed.tester_page_invalid')}</p>
        ) : (
          <div class="error">
            <p>{t('embed.tester_hidden')}</p>
            {wouldMatch?.allowed ? (
              <p>
                {t('embed.tester_once_approved')} <code>{wouldMatch.entry}</code>
              </p>
            ) : null}
            {verdict.mismatches.length === 0 ? <p>{t('embed.tester_no_live')}</p> : null}
            <ul>
              {verdict.mismatches.map(({ entry, mismatch }) => (
                <li key={entry}>
                  <code>{entry}</code>: {mismatchText(mismatch, t)}
                </li>
              ))}
            </ul>
          </div>
        )}
      </div>
    </section>
  );
}

function mismatchText(mismatch: EntryMismatch, t: ReturnType<typeof usePortal>['t']): string {
  switch (mismatch.kind) {
    case 'invalid':
      return t(`embed.entry_problem.${mismatch.problem}`);
    case 'origin':
      return t('embed.mismatch.origin', { expected: mismatch.expected, actual: mismatch.actual });
    case 'segment':
      return t('embed.mismatch.segment', { expected: mismatch.expected, actual: mismatch.actual });
    case 'locale':
      return t('embed.mismatch.locale', { actual: mismatch.actual });
    default:
      return t(`embed.mismatch.${mismatch.kind}`);
  }
}

/** The real tile for the config as typed, in the language picked (all 8 available). */
function Preview({ slug, input }: { slug: string; input: ReturnType<typeof valuesToInput> }) {
  const { t, apiOrigin, appOrigin, language: portalLanguage } = usePortal();
  const [language, setLanguage] = useState<Language>(portalLanguage);
  const lastValid = useRef<EmbedConfig | undefined>(undefined);
  const candidate = { ...input, shop_slug: slug, languages: undefined, allowed_urls: [] };
  const parsed = z.safeParse(embedConfigInputSchema, candidate);
  // While a field is half-typed (a colour of four digits), the preview keeps the last valid look.
  if (parsed.success) lastValid.current = { ...parsed.data, shop_slug: slug };
  const config = lastValid.current;
  return (
    <section class="card" aria-labelledby="embed-preview">
      <h2 id="embed-preview">{t('embed.preview_title')}</h2>
      <div class="field">
        <label for="embed-preview-language">{t('embed.preview_language')}</label>
        <select
          id="embed-preview-language"
          value={language}
          onChange={(event) => setLanguage((event.currentTarget as HTMLSelectElement).value as Language)}
        >
          {SUPPORTED_LANGUAGES.map((code) => (
            <option key={code} value={code}>
              {t(`embed.language.${code}`)}
            </option>
          ))}
        </select>
      </div>
      {input.languages && !input.languages.includes(language) ? (
        <p class="notice">{t('embed.preview_not_offered')}</p>
      ) : null}
      {config ? (
        <TilePreview
          config={config}
          language={language}
          apiOrigin={apiOrigin}
          appOrigin={appOrigin}
          label={t('embed.preview_label', { language: t(`embed.language.${language}`) })}
        />
      ) : null}
    </section>
  );
}
