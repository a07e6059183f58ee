/**
 * One contact of Flexisip's registrar, as its Redis hash stores it
 * (`ExtendedContact::serializeAsUrlEncodedParams`), read the way devices.md
 * says: the reference's string slicing and PHP `parse_str`, so that we find
 * what it finds in the same records.
 */
export interface RegistrarContact {
  /** `+sip.instance` without its `"<` and `>"`, e.g. `urn:uuid:…` */
  uuid: string;
  /** `updatedAt` of the URI, Unix seconds; null when absent or not a number */
  updatedAt: number | null;
  /** the `user-agent` header of the URI; null when absent */
  userAgent: string | null;
}

/** The contact in the record, e.g. `<sip:…;updatedAt=…?…&user-agent=…>;+sip.instance="<urn:uuid:…>"`. */
export function parseRegistrarContact(value: string): RegistrarContact | undefined {
  const start = value.indexOf('<');
  const end = value.lastIndexOf('>;');
  // no header parameters: no +sip.instance, not a device
  if (start === -1 || end === -1 || end < start) return undefined;

  const uuid = instanceId(formFields(value.slice(end + 2).replaceAll(';', '&')).get('sip_instance'));
  if (uuid === undefined) return undefined;

  const uri = value.slice(start + 1, end);
  const q = uri.indexOf('?');
  const beforeQuery = q === -1 ? uri : uri.slice(0, q);
  const path = beforeQuery.slice(beforeQuery.indexOf(':') + 1);
  const updatedAt = formFields(path.replaceAll(';', '&')).get('updatedAt');
  return {
    uuid,
    updatedAt: updatedAt !== undefined && /^\d{1,15}$/.test(updatedAt) ? Number(updatedAt) : null,
    userAgent: q === -1 ? null : (formFields(uri.slice(q + 1)).get('user-agent') ?? null),
  };
}

/** `"<urn:uuid:…>"` → `urn:uuid:…` (the first two and last two characters dropped); nothing left, no device. */
function instanceId(value: string | undefined): string | undefined {
  if (value === undefined || value.length <= 4) return undefined;
  return value.slice(2, -2);
}

/**
 * `application/x-www-form-urlencoded` fields, names normalised as PHP's
 * `parse_str` does (leading spaces dropped, `.` and spaces → `_`: so
 * `+sip.instance` is `sip_instance`); a repeated name keeps its last value.
 */
function formFields(text: string): Map<string, string> {
  const fields = new Map<string, string>();
  for (const [name, value] of new URLSearchParams(text)) {
    const key = name.replace(/^ +/, '').replace(/[. ]/g, '_');
    if (key !== '') fields.set(key, value);
  }
  return fields;
}
