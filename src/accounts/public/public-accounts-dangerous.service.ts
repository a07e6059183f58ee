import { Injectable, Logger } from '@nestjs/common';
import type { Locale } from '../../i18n/locale';
import { Account } from '../../account-core/entities/account.entity';
import { AccountsRepository } from '../../account-core/accounts.repository';
import type { RequestOrigin } from '../../common/request-origin';
import { InjectSettings } from '../../config/settings.module';
import { Settings } from '../../config/settings';
import { notFound } from '../../common/errors';
import { randomPin } from '../../common/random';
import { Space } from '../../account-core/entities/space.entity';
import { Scope } from '../../account-core/request-scope';
import { MailService } from '../../mail/mail.service';
import { SmsService } from '../../sms/sms.service';
import { DangerousCreateDto, RecoverByPhoneDto } from './dto/public-accounts-dangerous.dto';
import { TokenPaidWrites } from './public-accounts.creation';
import { PublicAccountsService } from './public-accounts.service';
import { creationDomain } from '../../account-core/creation-domain';

/** The deprecated "Unsecure endpoint" routes (accounts.md §8.5), behind APP_DANGEROUS_ENDPOINTS. */
@Injectable()
export class DangerousAccountsService {
  private readonly logger = new Logger('DangerousAccounts');

  constructor(
    private readonly accounts: AccountsRepository,
    private readonly publicAccounts: PublicAccountsService,
    private readonly paid: TokenPaidWrites,
    private readonly mail: MailService,
    private readonly sms: SmsService,
    @InjectSettings() private readonly settings: Settings,
  ) {}

  /** `POST /api/accounts/public`: confirmed by an SMS PIN (phone) or a mailed link (email). */
  async create(dto: DangerousCreateDto, space: Space, origin: RequestOrigin, baseUrl: string, locale: Locale): Promise<Account> {
    const token = await this.paid.usableToken(dto.account_creation_token, space);
    const byPhone = dto.phone !== undefined && dto.phone !== null;
    const account = await this.paid.createAccount(
      token,
      {
        username: String(dto.username ?? dto.phone),
        email: dto.email ?? null,
        phone: byPhone ? dto.phone : null,
        password: String(dto.password),
        algorithm: dto.algorithm,
      },
      {
        domain: creationDomain(typeof dto.domain === 'string' ? dto.domain : undefined, true, space.domain),
        origin,
        // a PIN for an SMS; absent: 13 random characters for the mail link
        confirmationKey: byPhone ? randomPin() : undefined,
      },
    );
    if (byPhone) {
      await this.sms.send(dto.phone!, `Your ${this.settings.appName} creation code is ${account.confirmation_key}`);
    } else if (dto.email) {
      try {
        await this.mail.registerConfirmation(dto.email, `${baseUrl}/authenticate/email/${account.confirmation_key}`, locale);
      } catch (error) {
        // this endpoint alone keeps going when the mail cannot be sent (misc.md)
        this.logger.error(`Register Confirmation mail to ${dto.email} failed: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    return account;
  }

  /** `POST /api/accounts/recover-by-phone`: a PIN by SMS, the token consumed and linked. */
  async recoverByPhone(dto: RecoverByPhoneDto, scope: Scope): Promise<void> {
    const token = await this.paid.usableToken(dto.account_creation_token, scope.space);
    const account = await this.accounts.findByPhone(dto.phone, scope);
    if (!account) throw notFound();
    const pin = randomPin();
    await this.paid.onAccount(token, account, async (manager) => {
      await this.accounts.update(account, { confirmation_key: pin }, manager);
      await this.accounts.resetConfirmationAttempts(account, manager);
    });
    await this.sms.send(dto.phone, `Your ${this.settings.appName} recovery code is ${pin}`);
  }

  /** `GET /api/accounts/{sip}/recover/{recovery_key}`: `x@domain`, x a username or a phone, in the current domain. */
  async recover(sip: string, key: string, space: Space): Promise<Account> {
    const at = sip.indexOf('@');
    if (at < 0) throw notFound();
    const name = sip.slice(0, at);
    const domain = sip.slice(at + 1).split('@')[0];
    if (domain !== space.domain) throw notFound();
    const account = await this.accounts.findByUsernameOrPhone(name, domain);
    if (!account || !(await this.publicAccounts.keyMatches(account, key))) throw notFound();
    return this.publicAccounts.activateWithKey(account);
  }

  /** `GET /api/accounts/{phone}/info-by-phone`, the number already validated. */
  async infoByPhone(phone: string, space: Space): Promise<{ activated: boolean; realm: string | null; phone: boolean }> {
    const account = await this.accounts.findByUsernameOrPhone(phone, space.domain);
    if (!account) throw notFound();
    return { activated: account.activated, realm: this.settings.accountRealm, phone: account.phone !== null };
  }
}
