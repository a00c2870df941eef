import { PHOTO_EVIDENCE_FLOWS } from '../../core/flows.js';
import { asksPackagePhoto, asksSignature, selectedItems } from '../plan.js';
import { useFlow } from './context.js';
import { PhotoField } from './PhotoField.js';
import { SignatureField } from './SignatureField.js';
import { StepLayout } from './StepLayout.js';

/** Step 4: photos per affected item, the whole package, or (not received) signature and drop-off. */
export function Evidence() {
  const { store, t } = useFlow();
  const data = store.session.value?.data;
  const flow = store.answers.value.flowType;
  if (!data || !flow) return null;
  const settings = data.settings;
  const minimum = settings.min_photos_per_item;
  const dropoff = store.answers.value.dropoffPermission;
  return (
    <StepLayout
      id="evidence"
      title={t(asksSignature(flow) ? 'flow.evidence.title_not_received' : 'flow.evidence.title')}
      intro={t(asksSignature(flow) ? 'flow.evidence.intro_not_received' : 'flow.evidence.intro')}
      onContinue={() => store.next()}
    >
      {PHOTO_EVIDENCE_FLOWS.includes(flow)
        ? selectedItems(store.answers.value, data).map((item) => (
            <PhotoField
              key={item.sku}
              id={`photos-${item.sku}`}
              target={{ kind: 'item', sku: item.sku }}
              label={item.title}
              requirement={
                minimum > 0
                  ? t('flow.evidence.required_photos', { count: minimum })
                  : t('flow.evidence.optional_photos')
              }
            />
          ))
        : null}
      {asksPackagePhoto(flow, settings) ? (
        <PhotoField
          id="photos-package"
          target={{ kind: 'package' }}
          label={t('flow.evidence.package_title')}
          requirement={
            settings.package_photo === 'required'
              ? t('flow.evidence.package_required')
              : t('flow.evidence.package_optional')
          }
        />
      ) : null}
      {asksSignature(flow) ? (
        <>
          <fieldset class="choices compact">
            <legend>{t('flow.evidence.dropoff_question')}</legend>
            <p class="hint">{t('flow.evidence.dropoff_hint')}</p>
            <label class={`choice${dropoff === true ? ' selected' : ''}`}>
              <input
                type="radio"
                id="dropoff-yes"
                name="dropoff"
                checked={dropoff === true}
                onChange={() => store.setDropoff(true)}
              />
              <span class="choice-title">{t('flow.evidence.dropoff_yes')}</span>
            </label>
            <label class={`choice${dropoff === false ? ' selected' : ''}`}>
              <input
                type="radio"
                id="dropoff-no"
                name="dropoff"
                checked={dropoff === false}
                onChange={() => store.setDropoff(false)}
              />
              <span class="choice-title">{t('flow.evidence.dropoff_no')}</span>
            </label>
          </fieldset>
          <SignatureField />
        </>
      ) : null}
    </StepLayout>
  );
}
