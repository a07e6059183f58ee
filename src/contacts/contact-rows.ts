import type { DataSource, ObjectLiteral } from 'typeorm';
import { Account } from '../account-core/entities/account.entity';
import { AccountAction } from '../account-actions/entities/account-action.entity';
import { AccountDictionaryEntry } from '../account-core/entities/account-dictionary-entry.entity';
import { ActivationExpiration } from '../account-core/entities/activation-expiration.entity';
import { Password } from '../account-core/entities/password.entity';
import { AccountAccountType } from '../account-types/entities/account-account-type.entity';
import { AccountType } from '../account-types/entities/account-type.entity';
import { dateReader, readRelationRows, relationColumns, RelationSelect } from '../account-core/relation-rows';
import { listedContactIdsSql } from '../contacts-lists/list-members.sql';
import { selectRows } from '../database/statements';
import { Contact } from './entities/contact.entity';

/** A contact as a vCard shows it (vcards.md §4): its identity, types and DTMF actions. */
export interface ContactCard {
  id: number;
  username: string;
  domain: string;
  activated: boolean;
  dtmf_protocol: string | null;
  display_name: string | null;
  /** type id order */
  types: { id: number; key: string }[];
  /** id order; none when `dtmf_protocol` is null */
  actions: { id: number; key: string; code: string }[];
}

/** A contact as its JSON shows it (contacts.md §1): the card and the relations that carry no secret. */
export interface ContactDetails extends ContactCard {
  /** the algorithms of its password rows, id order (never the hashes) */
  algorithms: string[];
  dictionary: Record<string, string>;
  expiration: Pick<ActivationExpiration, 'id' | 'account_id' | 'expires' | 'created_at' | 'updated_at'> | null;
}

/** Which contacts: the owner's, of one domain (undefined: all), optionally the one `username@domain`. */
export interface ContactFilter {
  ownerId: number;
  domain: string | undefined;
  sip?: { username: string; domain: string };
}

type Kind = 'dictionary' | 'expiration' | 'type' | 'action';
const CARD_KINDS: Kind[] = ['type', 'action'];
const DETAIL_KINDS: Kind[] = ['dictionary', 'expiration', 'type', 'action'];

/**
 * The contacts of an account (contacts.md §1: its direct contacts and the
 * members of the lists attached to it, without duplicates) in TWO statements
 * whatever their number (issue 16 item 9): the accounts (joined with their
 * password algorithms for the JSON: nearly every account has one, so they
 * come in the same rows), then every other relation shown in one UNION ALL
 * (src/account-core/relation-rows.ts). Each statement
 * names the contact set by a subquery, never by a list of ids (10,000 ids
 * would exceed the engines' parameter limits), and reads no secret column:
 * no hash, token, code or key.
 */
export class ContactRows {
  private readonly texts = new Map<string, { accounts: string; relations: string; members: number }>();
  private readonly expirationDates: Record<'expires' | 'created_at' | 'updated_at', (raw: unknown) => Date | null>;

  constructor(private readonly dataSource: DataSource) {
    this.expirationDates = {
      expires: dateReader(dataSource, ActivationExpiration, 'expires'),
      created_at: dateReader(dataSource, ActivationExpiration, 'created_at'),
      updated_at: dateReader(dataSource, ActivationExpiration, 'updated_at'),
    };
  }

  cards(filter: ContactFilter): Promise<ContactCard[]> {
    return this.read(filter, CARD_KINDS);
  }

  details(filter: ContactFilter): Promise<ContactDetails[]> {
    return this.read(filter, DETAIL_KINDS) as Promise<ContactDetails[]>;
  }

  private async read(filter: ContactFilter, kinds: Kind[]): Promise<(ContactCard | ContactDetails)[]> {
    const details = kinds === DETAIL_KINDS;
    const sql = this.text(kinds, filter.domain !== undefined, filter.sip !== undefined);
    const parameters: unknown[] = [filter.ownerId, filter.ownerId];
    if (filter.domain !== undefined) parameters.push(filter.domain);
    if (filter.sip) parameters.push(filter.sip.username, filter.sip.domain);
    const rows = await selectRows(this.dataSource, sql.accounts, parameters);
    if (rows.length === 0) return [];
    const byId = new Map<number, ContactCard | ContactDetails>();
    const contacts: (ContactCard | ContactDetails)[] = [];
    for (const row of rows) {
      const id = Number(row.id);
      let contact = byId.get(id);
      if (!contact) {
        // one literal per shape (no spread): 10,000 of them per request
        const username = row.username as string;
        const domain = row.domain as string;
        const activated = Number(row.activated) === 1;
        const dtmf_protocol = (row.dtmf_protocol as string | null) ?? null;
        const display_name = (row.display_name as string | null) ?? null;
        contact = details
          ? {
              id,
              username,
              domain,
              activated,
              dtmf_protocol,
              display_name,
              types: [],
              actions: [],
              algorithms: [],
              dictionary: {},
              expiration: null,
            }
          : { id, username, domain, activated, dtmf_protocol, display_name, types: [], actions: [] };
        byId.set(id, contact);
        contacts.push(contact);
      }
      // one row per password (id order) of the contact, or one with none
      if (details && row.algorithm !== null && row.algorithm !== undefined)
        (contact as ContactDetails).algorithms.push(row.algorithm as string);
    }
    const selects: RelationSelect[] = [{ sql: sql.relations, parameters: Array.from({ length: sql.members }, () => parameters).flat() }];
    const relations = await readRelationRows(this.dataSource, selects);
    for (const row of relations.get('type') ?? []) byId.get(row.account_id)?.types.push({ id: row.id, key: row.s1! });
    for (const row of relations.get('action') ?? []) byId.get(row.account_id)?.actions.push({ id: row.id, key: row.s1!, code: row.s2! });
    if (details) {
      const of = (id: number) => byId.get(id) as ContactDetails | undefined;
      for (const row of relations.get('dictionary') ?? []) {
        const contact = of(row.account_id);
        if (contact) contact.dictionary[row.s1!] = row.s2!;
      }
      for (const row of relations.get('expiration') ?? []) {
        const contact = of(row.account_id);
        if (contact) {
          contact.expiration = {
            id: row.id,
            account_id: row.account_id,
            created_at: this.expirationDates.created_at(row.d1),
            updated_at: this.expirationDates.updated_at(row.d2),
            expires: this.expirationDates.expires(row.d3)!,
          };
        }
      }
    }
    return contacts;
  }

  /** The two texts for a shape of request, built once. */
  private text(kinds: Kind[], scoped: boolean, bySip: boolean): { accounts: string; relations: string; members: number } {
    const key = `${kinds.join(',')}:${scoped}:${bySip}`;
    let text = this.texts.get(key);
    if (text) return text;
    const q = (name: string) => this.dataSource.driver.escape(name);
    const table = (entity: new () => ObjectLiteral) => q(this.dataSource.getMetadata(entity).tableName);
    // the owner's contacts: direct, then through lists (UNION: each once). CROSS JOIN keeps the
    // set as SQLite's outer loop: without it, the domain's index can drive the join and scan the
    // set once per account of the domain (10,000 × 10,000); MySQL reads it as an INNER JOIN.
    const set =
      `(SELECT c.contact_id AS id FROM ${table(Contact)} c WHERE c.account_id = ? UNION ${listedContactIdsSql(this.dataSource)}) s ` +
      `CROSS JOIN ${table(Account)} a ON a.id = s.id`;
    const where = ['1 = 1', ...(scoped ? ['a.domain = ?'] : []), ...(bySip ? ['a.username = ?', 'a.domain = ?'] : [])].join(' AND ');
    const members: Record<Kind, string> = {
      dictionary:
        `SELECT ${relationColumns('dictionary', { account_id: 'a.id', id: 'd.id', s1: `d.${q('key')}`, s2: `d.${q('value')}` })} FROM ${set} ` +
        `INNER JOIN ${table(AccountDictionaryEntry)} d ON d.account_id = a.id WHERE ${where}`,
      expiration:
        `SELECT ${relationColumns('expiration', { account_id: 'a.id', id: 'e.id', d1: 'e.created_at', d2: 'e.updated_at', d3: 'e.expires' })} FROM ${set} ` +
        `INNER JOIN ${table(ActivationExpiration)} e ON e.account_id = a.id WHERE ${where}`,
      type:
        `SELECT ${relationColumns('type', { account_id: 'a.id', id: 't.id', s1: `t.${q('key')}` })} FROM ${set} ` +
        `INNER JOIN ${table(AccountAccountType)} k ON k.account_id = a.id INNER JOIN ${table(AccountType)} t ON t.id = k.account_type_id WHERE ${where}`,
      // the account JSON shows no action without a DTMF protocol (contacts.md §5)
      action:
        `SELECT ${relationColumns('action', { account_id: 'a.id', id: 'r.id', s1: `r.${q('key')}`, s2: 'r.code' })} FROM ${set} ` +
        `INNER JOIN ${table(AccountAction)} r ON r.account_id = a.id WHERE ${where} AND a.dtmf_protocol IS NOT NULL`,
    };
    const columns = 'a.id, a.username, a.domain, a.activated, a.dtmf_protocol, a.display_name';
    text = {
      accounts:
        kinds === DETAIL_KINDS
          ? `SELECT ${columns}, p.algorithm FROM ${set} LEFT JOIN ${table(Password)} p ON p.account_id = a.id WHERE ${where} ORDER BY a.id, p.id`
          : `SELECT ${columns} FROM ${set} WHERE ${where} ORDER BY a.id`,
      relations: kinds.map((kind) => members[kind]).join(' UNION ALL '),
      members: kinds.length,
    };
    this.texts.set(key, text);
    return text;
  }
}
