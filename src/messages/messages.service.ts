import { Injectable, Logger } from '@nestjs/common';
import { ValidationFailed } from '../common/errors';
import { messageCommand, parseAnswer } from './daemon-protocol';
import { LinphoneDaemon } from './linphone-daemon';
import { metrics } from '../metrics/metrics';

export const SOCKET_ERROR = 'The internal socket cannot be requested properly';

/** The reference's shape for the daemon's refusals: `{"message": X, "errors": {"0": [X]}}`. */
const refused = (text: string) => new ValidationFailed([{ field: '0', text }]);

/** `POST /api/messages`: a SIP MESSAGE sent by the linphone daemon (misc.md). */
@Injectable()
export class MessagesService {
  private readonly logger = new Logger('Messages');

  constructor(private readonly daemon: LinphoneDaemon) {}

  /** `{id}` when the daemon sent it; nothing for a status other than Ok and Error. */
  async send(to: string, body: string): Promise<{ id: string | null } | undefined> {
    const reply = await this.daemon.send(messageCommand(to, body));
    // the daemon answered (whatever its status) or did not
    metrics?.dependencies.inc({ dependency: 'daemon', outcome: 'failure' in reply ? 'failure' : 'success' });
    if ('failure' in reply) {
      // the operator's concern: the text of the message stays out of the log
      this.logger.warn(`Message not sent, linphone daemon: ${reply.failure}`);
      throw refused(SOCKET_ERROR);
    }
    const fields = parseAnswer(reply.answer);
    const status = fields.get('Status');
    if (status === undefined) {
      this.logger.warn('Message not sent, linphone daemon: an answer without Status');
      throw refused(SOCKET_ERROR);
    }
    if (status === 'Error') throw refused(fields.get('Reason') || SOCKET_ERROR);
    if (status === 'Ok') return { id: fields.get('Id') ?? null };
    return undefined;
  }
}
