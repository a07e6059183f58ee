import { ApiProperty } from '@nestjs/swagger';
import { Custom, IsString, MaxLength, Required } from '../../common/validation/rules';

/**
 * Both values go into one line of the daemon's command protocol: a line
 * break would start another command (`call`, `register`, `config-set` …),
 * and the daemon splits the address from the text at the first whitespace.
 */
const LINE_BREAK = /[\r\n]/;
const SPACE_OR_CONTROL = /[\s\p{Cc}]/u;

/** Small enough that the whole command stays far below the daemon's 32 KB read buffer (one read, one command). */
export const TO_MAX = 255;
export const BODY_MAX = 4096;

const noLineBreak = (v: unknown) => typeof v !== 'string' || !LINE_BREAK.test(v);

/** `POST /api/messages` (misc.md). */
export class SendMessageDto {
  @ApiProperty({
    type: String,
    maxLength: TO_MAX,
    example: 'bob@sip.example.org',
    description: 'SIP address **without** `sip:` (the server adds it); no spaces, line breaks or control characters',
  })
  @Required()
  @IsString()
  @MaxLength(TO_MAX)
  @Custom('to_line_breaks', noLineBreak, 'The :attribute must not contain line breaks.')
  @Custom(
    'to_spaces',
    (v) => typeof v !== 'string' || LINE_BREAK.test(v) || !SPACE_OR_CONTROL.test(v),
    'The :attribute must not contain spaces or control characters.',
  )
  to: string;

  @ApiProperty({
    type: String,
    maxLength: BODY_MAX,
    example: 'Hello from the operator',
    description: 'the text; no line breaks nor NUL characters',
  })
  @Required()
  @IsString()
  @MaxLength(BODY_MAX)
  @Custom('body_line_breaks', noLineBreak, 'The :attribute must not contain line breaks.')
  // the daemon reads its command as a C string: the text would stop there
  @Custom('body_nul', (v) => typeof v !== 'string' || !v.includes('\0'), 'The :attribute must not contain NUL characters.')
  body: string;
}
