import { ApiProperty } from '@nestjs/swagger';
import { IsString, MaxLength, MinLength } from 'class-validator';
import type { TokenPair } from './auth.service';

export class SignInDto {
  @ApiProperty({ example: 'chutich.sontra' })
  @IsString()
  @MinLength(1)
  @MaxLength(64)
  username: string;

  @ApiProperty({ example: 'LienThong@2026' })
  @IsString()
  @MinLength(1)
  @MaxLength(256)
  password: string;
}

export class RefreshDto {
  @ApiProperty({ description: 'The refresh token from sign-in or the previous refresh; each is valid once.' })
  @IsString()
  @MaxLength(200)
  refreshToken: string;
}

export class TokenPairDto implements TokenPair {
  @ApiProperty({ description: 'JWT (HS256) to send as `Authorization: Bearer …`' })
  accessToken: string;

  @ApiProperty({ description: 'Opaque; exchange at POST /auth/refresh before the session expires.' })
  refreshToken: string;

  @ApiProperty({ enum: ['Bearer'] })
  tokenType: 'Bearer';

  @ApiProperty({ description: 'Access token lifetime in seconds' })
  expiresIn: number;
}
