import { Injectable, Type as Constructor } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional, IntersectionType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { Equals, IsOptional, IsString, IsUUID, Matches, MaxLength, ValidateNested } from 'class-validator';
import type { Actor } from '@lt/access';
import { AppError, IsInstant } from '@lt/common';
import { EntityManager, In } from 'typeorm';
import { SignatureBundles } from './signature-bundles';
import { ActingForDto } from './signing.dto';
import { SignedDecisionEntity } from './signed-decision.entity';
import { SignatureVerifier, SignedSubmission, VerifiedSignature } from './signature-verifier';

/** The `kind` of every signed decision on an existing item (a task, a discipline case…). */
export const DECISION_KIND = 'lien-thong/decision@1';

export class DecisionSubjectDto {
  @ApiProperty({ example: 'task', description: 'What is decided on: task, discipline_case' })
  @IsString()
  @MaxLength(40)
  type: string;

  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  id: string;
}

/**
 * What every signed decision carries besides its own fields: what it is about, which action,
 * who signs, when, and a nonce. The server refuses a signature whose subject or action is
 * not the route's, so a signed "accept" cannot be replayed as a "complete" or on another task.
 */
export class DecisionEnvelopeDto {
  @ApiProperty({ enum: [DECISION_KIND] })
  @Equals(DECISION_KIND)
  kind: typeof DECISION_KIND;

  @ApiProperty({ type: DecisionSubjectDto })
  @ValidateNested()
  @Type(() => DecisionSubjectDto)
  subject: DecisionSubjectDto;

  @ApiProperty({ example: 'accept', description: 'The action of the route it is posted to' })
  @IsString()
  @MaxLength(40)
  action: string;

  @ApiProperty({ format: 'uuid', description: 'The signer: the signed-in user' })
  @IsUUID()
  signer: string;

  @ApiProperty({ format: 'date-time', description: 'Within SIGNATURE_MAX_SKEW_SECONDS of the server clock' })
  @IsInstant()
  issuedAt: string;

  @ApiProperty({ description: '16–128 characters [A-Za-z0-9_-], never used before by this signer' })
  @Matches(/^[A-Za-z0-9_-]{16,128}$/)
  nonce: string;

  @ApiPropertyOptional({
    type: ActingForDto,
    nullable: true,
    description:
      'Decided thừa ủy quyền (TUQ.) or as acting head (Q.): the delegation it uses, where the action may be delegated (a discipline decision)',
  })
  @IsOptional()
  @ValidateNested()
  @Type(() => ActingForDto)
  actingFor?: ActingForDto | null;
}

export type DecisionContent<F> = F & DecisionEnvelopeDto;

export interface SignedDecision<F> extends SignedSubmission<DecisionContent<F>> {
  content: DecisionContent<F>;
}

/**
 * A signed request body: `{ content, signature, certificateId }`, `content` validated as
 * `Content` (an assignment, a decision, a document to issue…). `name` names the schema of the
 * body in the OpenAPI document (`Signed<name>`) where no class extends it under its own name.
 */
export function signedSubmissionDto<C extends object>(
  Content: Constructor<C>,
  name: string,
): Constructor<{ content: C; signature: string; certificateId: string }> {
  class Signed {
    @ApiProperty({ type: Content })
    @ValidateNested()
    @Type(() => Content)
    content: C;

    @ApiProperty({
      description: 'ES256 over the RFC 8785 canonical content: base64url of raw r‖s (64 bytes)',
    })
    @IsString()
    @MaxLength(200)
    signature: string;

    @ApiProperty({ format: 'uuid', description: 'Your certificate (GET /signing/certificates)' })
    @IsUUID()
    certificateId: string;
  }
  Object.defineProperty(Signed, 'name', { value: `Signed${name}` });
  return Signed;
}

/**
 * The request body of a signed decision: `{ content, signature, certificateId }` as for an
 * assignment, where `content` is the action's own fields (validated as before) plus the
 * envelope. `name` names the schemas in the OpenAPI document (`<name>Content`, `Signed<name>`).
 */
export function signedDecisionDto<F extends object>(
  fields: Constructor<F>,
  name: string,
): Constructor<SignedDecision<F>> {
  const Fields = IntersectionType(fields, DecisionEnvelopeDto) as Constructor<object>;
  class Content extends Fields {}
  Object.defineProperty(Content, 'name', { value: `${name}Content` });
  return signedSubmissionDto(Content, name) as Constructor<SignedDecision<F>>;
}

/**
 * Signed decisions on items that already exist: checks that the content is the decision the
 * route makes (kind, subject, action, signer), verifies and records the signature in the
 * caller's transaction (SignatureVerifier), and files it under its subject — so a decision
 * whose signature fails changes nothing, and an item's signatures can be listed for its
 * evidence package.
 */
@Injectable()
export class SignedDecisions {
  constructor(
    private readonly verifier: SignatureVerifier,
    private readonly bundles: SignatureBundles,
  ) {}

  async verify<F>(
    em: EntityManager,
    actor: Actor,
    submission: SignedDecision<F>,
    expected: { subjectType: string; subjectId: string; action: string },
  ): Promise<VerifiedSignature> {
    // The exact JSON sent: class instances or undefined members would change the signed bytes.
    const content = JSON.parse(JSON.stringify(submission.content)) as DecisionContent<F>;
    if (content.kind !== DECISION_KIND) throw new AppError('signature/kind_mismatch');
    if (
      content.subject?.type !== expected.subjectType ||
      content.subject.id !== expected.subjectId ||
      content.action !== expected.action
    )
      throw new AppError('signature/decision_mismatch', {
        expected: {
          subject: { type: expected.subjectType, id: expected.subjectId },
          action: expected.action,
        },
      });
    if (content.signer !== actor.principal.userId) throw new AppError('signature/signer_mismatch');
    const verified = await this.verifier.verifyAndRecord(
      em,
      actor,
      `${expected.subjectType}.${expected.action}`.slice(0, 40),
      { ...submission, content },
    );
    await em.insert(SignedDecisionEntity, {
      signatureId: verified.signatureId,
      subjectType: expected.subjectType,
      subjectId: expected.subjectId,
      action: expected.action,
      signerId: actor.principal.userId,
    });
    return verified;
  }

  /** Each signed decision on the item, oldest first, with its bundle. */
  async bundlesOf(em: EntityManager, subjectType: string, subjectId: string) {
    const decisions = await this.of(em, subjectType, [subjectId]);
    const bundles = await this.bundles.of(
      em,
      decisions.map((d) => d.signatureId),
    );
    return decisions.map((d) => ({ decision: d, bundle: bundles.get(d.signatureId)! }));
  }

  /** The signed decisions on these items, oldest first. */
  async of(em: EntityManager, subjectType: string, subjectIds: string[]): Promise<SignedDecisionEntity[]> {
    if (subjectIds.length === 0) return [];
    return em.find(SignedDecisionEntity, {
      where: { subjectType, subjectId: In(subjectIds) },
      order: { createdAt: 'ASC' },
    });
  }
}
