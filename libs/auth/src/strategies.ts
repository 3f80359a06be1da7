import { Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import type { Principal } from '@lt/access';
import { AppConfig } from '@lt/config';
import type { UserEntity } from '@lt/people';
import type { Request } from 'express';
import { createSecretKey, KeyObject } from 'node:crypto';
import { ExtractJwt, Strategy as JwtStrategyBase } from 'passport-jwt';
import { Strategy as LocalStrategyBase } from 'passport-local';
import { AccessTokenPayload, AuthService } from './auth.service';

/** passport-local: username + password against the argon2id hash. */
@Injectable()
export class LocalStrategy extends PassportStrategy(LocalStrategyBase, 'local') {
  constructor(private readonly auth: AuthService) {
    super({ usernameField: 'username', passwordField: 'password', passReqToCallback: true });
  }

  validate(request: Request, username: string, password: string): Promise<UserEntity> {
    return this.auth.verifyPassword(username, password, { ip: request.ip });
  }
}

const keys = new WeakMap<AppConfig, KeyObject>();

/**
 * The HS256 key as a KeyObject, made once. Given a string, jsonwebtoken first tries to parse
 * it as a public key (and fails) on every verification: that was the largest cost of
 * accepting 10,000 socket handshakes (bench:fanout profile).
 */
export function jwtKey(config: AppConfig): KeyObject {
  let key = keys.get(config);
  if (!key) {
    key = createSecretKey(Buffer.from(config.JWT_SECRET, 'utf8'));
    keys.set(config, key);
  }
  return key;
}

/** passport-jwt: a Bearer access token signed by this deployment, naming a live session. */
@Injectable()
export class JwtStrategy extends PassportStrategy(JwtStrategyBase, 'jwt') {
  constructor(
    config: AppConfig,
    private readonly auth: AuthService,
  ) {
    super({
      jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(),
      // jsonwebtoken takes a KeyObject; passport-jwt's types only list string | Buffer.
      secretOrKeyProvider: (_request: unknown, _token: unknown, done: (error: null, key: never) => void) =>
        done(null, jwtKey(config) as never),
      algorithms: ['HS256'],
      ignoreExpiration: false,
    });
  }

  validate(payload: AccessTokenPayload): Promise<Principal> {
    return this.auth.loadPrincipal(payload.sub, payload.sid);
  }
}
