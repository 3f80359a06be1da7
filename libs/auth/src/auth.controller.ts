import { Body, Controller, HttpCode, Post, Req, UseGuards } from '@nestjs/common';
import {
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiTooManyRequestsResponse,
} from '@nestjs/swagger';
import type { Actor } from '@lt/access';
import { ErrorBodyDto } from '@lt/common';
import type { UserEntity } from '@lt/people';
import type { Request } from 'express';
import { RefreshDto, SignInDto, TokenPairDto } from './auth.dto';
import { AuthService } from './auth.service';
import { Authenticated, CurrentActor, Public } from './decorators';
import { LocalAuthGuard } from './guards';

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  @Post('sign-in')
  @Public()
  @UseGuards(LocalAuthGuard)
  @HttpCode(200)
  @ApiOperation({ summary: 'Đăng nhập / Sign in with username and password' })
  @ApiOkResponse({ type: TokenPairDto })
  @ApiTooManyRequestsResponse({ type: ErrorBodyDto, description: 'auth/too_many_attempts, with Retry-After' })
  signIn(
    @Body() _body: SignInDto,
    @Req() request: Request & { user: UserEntity; id?: string | number },
  ): Promise<TokenPairDto> {
    return this.auth.openSession(
      request.user,
      { ip: request.ip, userAgent: request.headers['user-agent'] },
      request.id === undefined ? undefined : String(request.id),
    );
  }

  @Post('refresh')
  @Public()
  @HttpCode(200)
  @ApiOperation({ summary: 'Làm mới phiên / Rotate the refresh token and get a new access token' })
  @ApiOkResponse({ type: TokenPairDto })
  refresh(@Body() body: RefreshDto): Promise<TokenPairDto> {
    return this.auth.refresh(body.refreshToken);
  }

  @Post('sign-out')
  @Authenticated()
  @HttpCode(204)
  @ApiOperation({ summary: 'Đăng xuất / Sign out: revokes this session and its tokens' })
  @ApiNoContentResponse({ description: 'Signed out' })
  async signOut(@CurrentActor() actor: Actor): Promise<void> {
    await this.auth.signOut(actor);
  }
}
