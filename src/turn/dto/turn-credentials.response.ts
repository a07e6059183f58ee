import { ApiProperty } from '@nestjs/swagger';

/** `GET /api/accounts/me/services/turn` (misc.md §TURN). */
export class TurnCredentialsResponse {
  @ApiProperty({ example: '1733916400:h2Kq8ZpLmX0aBcDe', description: '`<expiry unix time>:<random>`' })
  username: string;

  @ApiProperty({ example: 'FCRjmjhgsITlvvfn6O5j4kIp+Xk=', description: 'Base64(HMAC-SHA1(COTURN_STATIC_AUTH_SECRET, username))' })
  password: string;

  @ApiProperty({ example: 86400, description: 'lifetime in seconds (COTURN_SESSION_TTL_MINUTES × 60)' })
  ttl: number;

  @ApiProperty({ type: [String], example: ['turn:turn.example.org'] })
  uris: string[];
}
