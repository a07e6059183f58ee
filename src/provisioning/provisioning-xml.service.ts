import { Injectable, Logger } from '@nestjs/common';
import { readFile } from 'node:fs/promises';
import { PasswordsRepository } from '../account-core/passwords.repository';
import type { Account } from '../account-core/entities/account.entity';
import { passwordRealm } from '../account-core/password-hash';
import { randomToken } from '../common/random';
import { InjectSettings } from '../config/settings.module';
import { Settings } from '../config/settings';
import type { Space } from '../account-core/entities/space.entity';
import { SpacesService } from '../spaces/spaces.service';
import { turnConfigured, turnCredentials } from '../turn/turn-credentials';
import { serializeConfig } from './config-document';
import { buildConfig, ConfigInput } from './provisioning-config';
import { parseRcFile, RcSections } from './rc-file';

/** Gathers what the XML of one request needs (RC file, Space, passwords, TURN) and serializes it. */
@Injectable()
export class ProvisioningXml {
  private readonly logger = new Logger('Provisioning');
  /** RC file problems already logged: a broken file would otherwise log on every request */
  private readonly reported = new Set<string>();

  constructor(
    @InjectSettings() private readonly settings: Settings,
    private readonly passwords: PasswordsRepository,
    private readonly spaces: SpacesService,
  ) {}

  /** `hostSpace`: the request's Space, reused when it is the account's own (no second lookup). */
  async render(baseUrl: string, account?: Account, hostSpace?: Space): Promise<string> {
    const [rc, details] = await Promise.all([this.rcFile(), account ? this.accountPart(account, hostSpace) : undefined]);
    const registrar = this.settings.proxyRegistrarAddress.trim();
    return serializeConfig(buildConfig({ rc, baseUrl, registrar, account: details }), {
      overwriteAll: this.settings.provisioningOverwriteAll,
    });
  }

  private async accountPart(account: Account, hostSpace?: Space): Promise<ConfigInput['account']> {
    const ownSpace = hostSpace?.domain === account.domain ? Promise.resolve(hostSpace) : this.spaces.findByDomain(account.domain);
    const [space, passwords] = await Promise.all([ownSpace, this.passwords.list(account)]);
    const turn = turnConfigured(this.settings) ? turnCredentials(this.settings) : undefined;
    return {
      account,
      space,
      passwords,
      realm: passwordRealm(this.settings, account.domain),
      turn: turn && { host: this.settings.coturnServerHost, username: turn.username, password: turn.password, ref: randomToken(8) },
    };
  }

  /** Read on each request, so that an operator's change needs no restart; unreadable or malformed = absent. */
  private async rcFile(): Promise<RcSections | undefined> {
    const path = this.settings.provisioningRcFile;
    if (!path) return undefined;
    try {
      return parseRcFile(await readFile(path, 'utf8'));
    } catch (error) {
      const problem = `ACCOUNT_PROVISIONING_RC_FILE ${path} ignored: ${(error as Error).message}`;
      if (!this.reported.has(problem)) {
        this.reported.add(problem);
        this.logger.warn(problem);
      }
      return undefined;
    }
  }
}
