import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsObject, IsString, Length, MaxLength, ValidateNested } from 'class-validator';

export class PushKeysDto {
  @ApiProperty({
    description: "The browser's P-256 public key, base64url (PushSubscription.getKey('p256dh')).",
  })
  @IsString()
  @Length(80, 100)
  p256dh: string;

  @ApiProperty({ description: 'The authentication secret, base64url (16 bytes).' })
  @IsString()
  @Length(16, 30)
  auth: string;
}

/** `PushSubscription.toJSON()` as the browser gives it. */
export class PushSubscriptionDto {
  @ApiProperty({ description: "The push service's URL for this browser.", maxLength: 2000 })
  @IsString()
  @MaxLength(2000)
  endpoint: string;

  @ApiProperty({ type: PushKeysDto })
  @IsObject()
  @ValidateNested()
  @Type(() => PushKeysDto)
  keys: PushKeysDto;
}

export class PushEndpointDto {
  @ApiProperty({ description: 'The endpoint of the subscription to remove.', maxLength: 2000 })
  @IsString()
  @MaxLength(2000)
  endpoint: string;
}

export class PushKeyDto {
  @ApiProperty({
    description: "The VAPID public key (base64url): PushManager.subscribe's applicationServerKey.",
  })
  publicKey: string;
}

export class PushSubscriptionViewDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty()
  endpoint: string;

  @ApiProperty({ format: 'date-time' })
  createdAt: string;

  @ApiProperty({ format: 'date-time', nullable: true, type: String })
  lastSentAt: string | null;
}
