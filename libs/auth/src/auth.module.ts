import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { PassportModule } from '@nestjs/passport';
import { AuditModule } from '@lt/audit';
import { AppConfig } from '@lt/config';
import { PeopleModule } from '@lt/people';
import { AuthController } from './auth.controller';
import { AuthService } from './auth.service';
import { JwtAuthGuard } from './guards';
import { PermissionGuard } from './permission.guard';
import { PostingLimitGuard, PostingLimits } from './posting-limits';
import { jwtKey, JwtStrategy, LocalStrategy } from './strategies';

@Module({
  imports: [
    PassportModule,
    PeopleModule,
    AuditModule,
    JwtModule.registerAsync({
      inject: [AppConfig],
      useFactory: (config: AppConfig) => ({ secret: jwtKey(config), signOptions: { algorithm: 'HS256' } }),
    }),
  ],
  controllers: [AuthController],
  providers: [
    AuthService,
    LocalStrategy,
    JwtStrategy,
    PermissionGuard,
    PostingLimits,
    PostingLimitGuard,
    { provide: APP_GUARD, useClass: JwtAuthGuard },
  ],
  exports: [AuthService, PermissionGuard, PostingLimits, PostingLimitGuard, JwtModule],
})
export class AuthModule {}
