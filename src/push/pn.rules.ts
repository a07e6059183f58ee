import { Custom, Matches } from '../common/validation/rules';
import { rule } from '../common/validation/rule';
import { PN_PROVIDERS } from './pusher-arguments';

/** The device fields of a push (tokens.md §2.2, misc.md §Push notifications), with the reference's texts. */
export const PnProvider = (): PropertyDecorator =>
  Custom(
    'pn_provider',
    (value) => (PN_PROVIDERS as readonly unknown[]).includes(value),
    `The pn provider should be in ${PN_PROVIDERS.join(', ')}`,
  );

/** Put after `Nullable()`. */
export const PnParam = (): PropertyDecorator =>
  Matches(/^[A-Za-z0-9_]+$/, 'The pn param should be null or contain only alphanumeric and underscore characters');

/** Put after `Nullable()`. */
export const PnPrid = (): PropertyDecorator =>
  Matches(/^[A-Za-z0-9_\-:]+$/, 'The pn prid should be null or contain only alphanumeric, dashes and colon characters');

/**
 * A value that reaches the pusher's argv must not read as an option
 * (flexisip_pusher has no `--` marker). Put after `Nullable()`.
 */
export const NotAnOption = (): PropertyDecorator =>
  rule('not_option', (value) => typeof value !== 'string' || !value.startsWith('-'), { rule: 'not_option' });
