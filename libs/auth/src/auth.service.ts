import { Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Actor, DelegatedAuthority, Principal } from '@lt/access';
import { AuditLog } from '@lt/audit';
import { AppError } from '@lt/common';
import { AppConfig } from '@lt/config';
import { runningDelegationsSql } from '@lt/delegations/running-delegations';
import { PasswordHasher, PeopleService, UserEntity } from '@lt/people';
import { createHash, randomBytes } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { AuthSessionEntity, SignInFailureEntity } from './auth-session.entity';

export interface AccessTokenPayload {
  sub: string;
  sid: string;
  typ: 'access';
}

export interface TokenPair {
  accessToken: string;
  refreshToken: string;
  tokenType: 'Bearer';
  expiresIn: number;
}

export interface ClientInfo {
  ip?: string | null;
  userAgent?: string | null;
}

const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');

/**
 * Sessions and tokens: password checks with throttling, short-lived access tokens,
 * rotating refresh tokens with reuse detection, and revocation.
 */
@Injectable()
export class AuthService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly jwt: JwtService,
    private readonly config: AppConfig,
    private readonly people: PeopleService,
    private readonly hasher: PasswordHasher,
    private readonly audit: AuditLog,
  ) {}

  /** Checks a username and password; throttled per username after repeated failures. */
  async verifyPassword(username: string, password: string, client: ClientInfo): Promise<UserEntity> {
    const name = this.people.normaliseUsername(username);
    await this.refuseIfThrottled(name);
    const user = await this.people.findForSignIn(name);
    const ok = await this.hasher.verify(user?.passwordHash, password);
    if (!ok || !user) {
      await this.dataSource
        .getRepository(SignInFailureEntity)
        .insert({ username: name.slice(0, 64), ip: client.ip?.slice(0, 64) ?? null, at: new Date() });
      throw new AppError('auth/invalid_credentials');
    }
    if (user.disabledAt) throw new AppError('auth/account_disabled');
    await this.dataSource.getRepository(SignInFailureEntity).delete({ username: name });
    return user;
  }

  private async refuseIfThrottled(username: string): Promise<void> {
    const windowMs = this.config.SIGNIN_LOCK_MINUTES * 60_000;
    const [row]: { failures: number; oldest: Date | null }[] = await this.dataSource.query(
      `SELECT count(*)::int AS failures, min(at) AS oldest FROM (
         SELECT at FROM sign_in_failures WHERE username = $1 AND at > $2 ORDER BY at DESC LIMIT $3) recent`,
      [username, new Date(Date.now() - windowMs), this.config.SIGNIN_MAX_FAILURES],
    );
    if (row.failures >= this.config.SIGNIN_MAX_FAILURES && row.oldest) {
      const retryAfterSeconds = Math.max(1, Math.ceil((row.oldest.getTime() + windowMs - Date.now()) / 1000));
      throw new AppError('auth/too_many_attempts', { retryAfterSeconds });
    }
  }

  /**
   * Opens a session for a verified user. Sessions are written in transactions of their own,
   * not through the command runner (libs/commands): authentication sits below it, since the
   * runner's outbox belongs to libs/realtime, whose gateway authenticates through this library.
   */
  async openSession(user: UserEntity, client: ClientInfo, requestId?: string): Promise<TokenPair> {
    // eslint-disable-next-line no-restricted-syntax -- below the runner: see above
    return this.dataSource.transaction(async (em) => {
      const secret = randomBytes(32).toString('base64url');
      const session = await em.save(
        AuthSessionEntity,
        em.create(AuthSessionEntity, {
          userId: user.id,
          refreshHash: sha256(secret),
          expiresAt: new Date(Date.now() + this.config.REFRESH_TOKEN_TTL_DAYS * 86_400_000),
          ip: client.ip?.slice(0, 64) ?? null,
          userAgent: client.userAgent?.slice(0, 300) ?? null,
        }),
      );
      const principal = await this.loadPrincipal(user.id, session.id, em);
      await this.audit.record(em, {
        actor: { principal, requestId },
        actingUnitId: principal.positions[0]?.unitId ?? null,
        action: 'auth.sign_in',
        subjectType: 'session',
        subjectId: session.id,
        after: { ip: session.ip },
      });
      return this.tokens(user.id, session.id, secret);
    });
  }

  /**
   * Exchanges a refresh token for a new pair. The old token stops working; presenting it
   * again means it was stolen or replayed, so the whole session is revoked.
   */
  async refresh(refreshToken: string): Promise<TokenPair> {
    const [sessionId, secret] = refreshToken.split('.');
    if (!sessionId || !secret || !/^[0-9a-f-]{36}$/.test(sessionId))
      throw new AppError('auth/refresh_invalid');
    // Below the command runner, as openSession says.
    // eslint-disable-next-line no-restricted-syntax -- below the runner (openSession)
    return this.dataSource
      .transaction(async (em) => {
        const session = await em.findOne(AuthSessionEntity, {
          where: { id: sessionId },
          lock: { mode: 'pessimistic_write' },
        });
        if (!session || session.revokedAt || session.expiresAt <= new Date())
          throw new AppError('auth/refresh_invalid');
        if (session.refreshHash !== sha256(secret)) {
          await this.revokeSession(em, session.id, 'refresh_reused');
          return { reused: true } as const;
        }
        const user = await this.people.requireUser(session.userId, em);
        if (user.disabledAt) throw new AppError('auth/account_disabled');
        const next = randomBytes(32).toString('base64url');
        await em.update(
          AuthSessionEntity,
          { id: session.id },
          { refreshHash: sha256(next), rotations: session.rotations + 1 },
        );
        return this.tokens(session.userId, session.id, next);
      })
      .then((result) => {
        // Thrown after commit, so the revocation of a replayed token's session sticks.
        if ('reused' in result) throw new AppError('auth/refresh_reused');
        return result;
      });
  }

  async signOut(actor: Actor): Promise<void> {
    const sessionId = actor.principal.sessionId;
    if (!sessionId) return;
    // Below the command runner, as openSession says.
    // eslint-disable-next-line no-restricted-syntax -- below the runner (openSession)
    await this.dataSource.transaction(async (em) => {
      await this.revokeSession(em, sessionId, 'sign_out');
      await this.audit.record(em, {
        actor,
        actingUnitId: actor.principal.positions[0]?.unitId ?? null,
        action: 'auth.sign_out',
        subjectType: 'session',
        subjectId: sessionId,
      });
    });
  }

  /** Ends every open session of a person (admin disable, password reset). */
  async revokeAllSessions(em: EntityManager, userId: string, reason: string): Promise<number> {
    const result = await em
      .createQueryBuilder()
      .update(AuthSessionEntity)
      .set({ revokedAt: () => 'now()', revokedReason: reason })
      .where('user_id = :userId AND revoked_at IS NULL', { userId })
      .execute();
    return result.affected ?? 0;
  }

  private async revokeSession(em: EntityManager, sessionId: string, reason: string): Promise<void> {
    await em.update(AuthSessionEntity, { id: sessionId }, { revokedAt: new Date(), revokedReason: reason });
  }

  /**
   * Who is behind an access token, read fresh from the database so that sign-out, disable
   * and position changes take effect on the next request.
   */
  async loadPrincipal(
    userId: string,
    sessionId: string | null,
    em: EntityManager = this.dataSource.manager,
  ): Promise<Principal> {
    // One round trip: this runs on every authenticated request and socket handshake.
    // foreign-table: users and positions (people's) with auth_sessions in one statement, as
    // PeopleService's methods and a separate session query would double this hot path's trips.
    const [row]: {
      username: string;
      fullName: string;
      disabledAt: Date | null;
      revokedAt: Date | null;
      found: boolean;
      positions: { positionId: string; unitId: string; role: Principal['positions'][number]['role'] }[];
      delegations: DelegatedAuthority[];
    }[] = await em.query(
      `SELECT u.username, u.full_name AS "fullName", u.disabled_at AS "disabledAt",
              s.revoked_at AS "revokedAt", s.id IS NOT NULL AS found,
              COALESCE((SELECT jsonb_agg(jsonb_build_object('positionId', p.id, 'unitId', p.unit_id, 'role', p.role)
                                          ORDER BY p.created_at, p.id)
                          FROM positions p WHERE p.user_id = u.id), '[]'::jsonb) AS positions,
              ${runningDelegationsSql('u.id')} AS delegations
         FROM users u LEFT JOIN auth_sessions s ON s.id = $2 AND s.user_id = u.id
        WHERE u.id = $1`,
      [userId, sessionId],
    );
    if (!row) throw new AppError('auth/token_invalid');
    if (row.disabledAt) throw new AppError('auth/account_disabled');
    if (sessionId && (!row.found || row.revokedAt)) throw new AppError('auth/session_revoked');
    return {
      userId,
      username: row.username,
      fullName: row.fullName,
      sessionId,
      positions: row.positions,
      ...(row.delegations.length > 0 ? { delegations: row.delegations } : {}),
    };
  }

  private async tokens(userId: string, sessionId: string, secret: string): Promise<TokenPair> {
    const payload: AccessTokenPayload = { sub: userId, sid: sessionId, typ: 'access' };
    const accessToken = await this.jwt.signAsync(payload, {
      expiresIn: this.config.ACCESS_TOKEN_TTL_SECONDS,
    });
    return {
      accessToken,
      refreshToken: `${sessionId}.${secret}`,
      tokenType: 'Bearer',
      expiresIn: this.config.ACCESS_TOKEN_TTL_SECONDS,
    };
  }
}
