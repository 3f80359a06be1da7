import { useTranslation } from 'react-i18next';
import { Field } from '../ui';

/** What a unit is called and known by: its name, its code and its OrganId. */
export interface UnitIdentity {
  name: string;
  code: string;
  organId: string;
}

/**
 * The fields of a unit's identity, with its kind where one is being made: the admin page's new
 * unit, and the merger wizard's new unit and renaming, fill in the same fields.
 */
export function UnitFields<T extends UnitIdentity & { kind?: string }>({
  value,
  onChange,
  kinds,
}: {
  value: T;
  onChange: (value: T) => void;
  /** The kinds offered; none: the kind is not asked (a renaming keeps it). */
  kinds?: readonly string[];
}) {
  const { t } = useTranslation();
  return (
    <div className="row">
      {kinds && (
        <Field label={t('admin.kind')}>
          <select value={value.kind} onChange={(e) => onChange({ ...value, kind: e.target.value })}>
            {kinds.map((k) => (
              <option key={k} value={k}>
                {t(`kind.${k}`)}
              </option>
            ))}
          </select>
        </Field>
      )}
      <Field label={t('admin.name')}>
        <input value={value.name} required onChange={(e) => onChange({ ...value, name: e.target.value })} />
      </Field>
      <Field label={t('admin.code')}>
        <input
          value={value.code}
          required
          onChange={(e) => onChange({ ...value, code: e.target.value.toUpperCase() })}
        />
      </Field>
      <Field label={t('admin.organId')}>
        <input
          value={value.organId}
          required
          onChange={(e) => onChange({ ...value, organId: e.target.value })}
        />
      </Field>
    </div>
  );
}
