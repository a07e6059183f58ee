import { Injectable } from '@nestjs/common';
import { AccountsRepository } from '../account-core/accounts.repository';
import type { Account } from '../account-core/entities/account.entity';
import { parseId } from '../common/parse-id.pipe';
import type { Scope } from '../account-core/request-scope';
import { ApiError, notFound, RawUnprocessable, ValidationFailed } from '../common/errors';
import { isUniqueViolation } from '../database/database-errors';
import { VcardResponse } from './dto/vcard.response';
import { normaliseVcard, NormalisedVcard } from './vcard-format';
import { VcardsRepository } from './vcards.repository';

/** An account's stored vCards (vcards.md §1), for its owner and for admins alike. */
@Injectable()
export class VcardsService {
  constructor(
    private readonly vcards: VcardsRepository,
    private readonly accounts: AccountsRepository,
  ) {}

  async list(account: Account): Promise<Record<string, VcardResponse> | []> {
    return VcardResponse.list(await this.vcards.list(account.id));
  }

  async show(account: Account, uuid: string): Promise<VcardResponse> {
    return VcardResponse.of(await this.found(account, uuid));
  }

  /** Stores the card; its normalised text. The same UID again: 409 (also when a concurrent request won). */
  async create(account: Account, text: string): Promise<string> {
    const card = this.normalised(text);
    if (await this.vcards.find(account.id, card.uid)) throw new ApiError(409, 'Vcard already exists');
    try {
      await this.vcards.insert(account.id, card.uid, card.text);
    } catch (error) {
      if (isUniqueViolation(error)) throw new ApiError(409, 'Vcard already exists');
      throw error;
    }
    return card.text;
  }

  /** PUT/PATCH: the card's UID must be `{uuid}` (422); then the stored card (404). */
  async replace(account: Account, uuid: string, text: string): Promise<string> {
    const card = this.sameUid(text, uuid);
    if ((await this.vcards.replace(account.id, uuid, card.text)) === 0) throw notFound();
    return card.text;
  }

  /** The admin's PUT/PATCH: the UID check (422) comes before the account's lookup (404), as in the spec. */
  async replaceFor(accountId: string, scope: Scope, uuid: string, text: string): Promise<string> {
    this.sameUid(text, uuid);
    return this.replace(await this.accounts.getScoped(parseId(accountId), scope), uuid, text);
  }

  /** 1; an unknown uuid is 404. */
  async remove(account: Account, uuid: string): Promise<number> {
    if ((await this.vcards.remove(account.id, uuid)) === 0) throw notFound();
    return 1;
  }

  /** The stored texts each followed by `\n`, id order (§1.2). */
  async text(account: Account): Promise<string> {
    return (await this.vcards.list(account.id)).map((row) => `${row.vcard}\n`).join('');
  }

  async textOf(account: Account, uuid: string): Promise<string> {
    return (await this.found(account, uuid)).vcard;
  }

  private sameUid(text: string, uuid: string): NormalisedVcard {
    const card = this.normalised(text);
    // the reference's body: a message and no `errors`
    if (card.uid !== uuid) throw new RawUnprocessable({ message: 'UUID should be the same' });
    return card;
  }

  private async found(account: Account, uuid: string) {
    const row = await this.vcards.find(account.id, uuid);
    if (!row) throw notFound();
    return row;
  }

  /** The DTO has validated it: a failure here is the same 422. */
  private normalised(text: string): NormalisedVcard {
    const card = normaliseVcard(text);
    if (!card) throw new ValidationFailed([{ field: 'vcard', text: 'Invalid vcard passed' }]);
    return card;
  }
}
