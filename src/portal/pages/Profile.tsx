import { PLACEHOLDER_SNIPPET, embedScriptTag, storefrontSnippet } from '../../core/snippets.js';
import { shopProfileSchema, type ShopProfile } from '../../core/portal.js';
import { usePortal } from '../context.js';
import { useLoad } from '../load.js';
import { paths } from '../router.js';
import { CopyButton } from '../ui/fields.js';
import { LoadState, PageHeading } from '../ui/page.js';

/** Shop profile: name, slug, and the snippets to paste, with the steps to install them. */
export function ProfilePage({ slug }: { slug: string }) {
  const { t, api } = usePortal();
  const [loaded, reload] = useLoad(slug, () => api('GET', `/v1/shops/${slug}/profile`, { schema: shopProfileSchema }));
  return (
    <section>
      <PageHeading title={t('profile.title')} />
      <LoadState loaded={loaded} onRetry={reload}>
        {(profile) => <Profile profile={profile} />}
      </LoadState>
    </section>
  );
}

function Profile({ profile }: { profile: ShopProfile }) {
  const { t } = usePortal();
  const origins = { shopSlug: profile.slug, apiOrigin: profile.api_origin, appOrigin: profile.app_origin };
  const helpCenter = embedScriptTag(origins);
  const storefront = storefrontSnippet(origins);
  return (
    <>
      <dl class="card facts">
        <div>
          <dt>{t('profile.name')}</dt>
          <dd>{profile.name}</dd>
        </div>
        <div>
          <dt>{t('profile.slug')}</dt>
          <dd>
            <code data-testid="shop-slug">{profile.slug}</code>{' '}
            <CopyButton text={profile.slug} label={t('profile.copy_slug')} />
          </dd>
        </div>
        <div>
          <dt>{t('profile.role')}</dt>
          <dd>{t(`roles.${profile.role}`)}</dd>
        </div>
      </dl>

      <section class="card" aria-labelledby="help-center-snippet">
        <h2 id="help-center-snippet">{t('profile.help_center_title')}</h2>
        <ol class="steps">
          <li>{t('profile.help_center_step_open')}</li>
          <li>{t('profile.help_center_step_paste')}</li>
          <li>
            <strong>{t('profile.help_center_step_languages_strong')}</strong> {t('profile.help_center_step_languages')}
          </li>
          <li>
            {t('profile.help_center_step_allow_list')} <a href={paths.embed(profile.slug)}>{t('nav.embed')}</a>
          </li>
        </ol>
        <Snippet id="snippet-help-center" label={t('profile.help_center_snippet')} code={helpCenter} />
        <p class="hint">{t('profile.placeholder_hint')}</p>
        <Snippet id="snippet-placeholder" label={t('profile.placeholder_snippet')} code={PLACEHOLDER_SNIPPET} />
      </section>

      <section class="card" aria-labelledby="storefront-snippet">
        <h2 id="storefront-snippet">{t('profile.storefront_title')}</h2>
        <p>{t('profile.storefront_text')}</p>
        <Snippet id="snippet-storefront" label={t('profile.storefront_snippet')} code={storefront} />
      </section>
    </>
  );
}

/** A snippet as read-only, selectable text with its copy button. */
function Snippet(props: { id: string; label: string; code: string }) {
  const { t } = usePortal();
  return (
    <div class="snippet">
      <label for={props.id}>{props.label}</label>
      <textarea
        id={props.id}
        readOnly
        rows={Math.min(6, props.code.split('\n').length + 2)}
        value={props.code}
        spellcheck={false}
      />
      <CopyButton text={props.code} label={t('common.copy')} />
    </div>
  );
}
