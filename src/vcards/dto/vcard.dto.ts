import { ApiProperty } from '@nestjs/swagger';
import { rule } from '../../common/validation/rule';
import { MaxLength, Required } from '../../common/validation/rules';
import { normaliseVcard, VCARD_MAX_BYTES } from '../vcard-format';

const EXAMPLE = 'BEGIN:VCARD\nVERSION:4.0\nFN:Simon Perreault\nUID:urn:uuid:f81d4fae-7dec-11d0-a765-00a0c91e6bf6\nEND:VCARD';

/** vcards.md §2; an oversized text is left to the size rule (one message). */
const IsVcard = (): PropertyDecorator =>
  rule('vcard', (v) => typeof v === 'string' && (v.length > VCARD_MAX_BYTES || normaliseVcard(v) !== undefined), {
    text: 'Invalid vcard passed',
    structured: true,
  });

/** The body of `POST` and `PUT`/`PATCH` on `vcards-storage` (vcards.md §1.1). */
export class VcardDto {
  @ApiProperty({
    example: EXAMPLE,
    maxLength: VCARD_MAX_BYTES,
    description: `A vCard (2.1, 3.0 or 4.0) with exactly one FN and VERSION and a UID of at most 255 characters; at most ${VCARD_MAX_BYTES} characters, and ${VCARD_MAX_BYTES} bytes once normalised`,
  })
  @Required()
  @IsVcard()
  @MaxLength(VCARD_MAX_BYTES)
  vcard: string;
}
