import { ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import { TransactionHost } from '../database/transaction-host';
import type { Principal } from '../common/principal';
import { OutboxRepository } from '../queue/outbox.repository';
import { ClusterAssignment } from '../workflow/cluster-assignment.service';
import { ClaimRow } from '../workflow/claim.entity';
import { ClaimRepository } from '../workflow/claim.repository';
import { ClaimWorkflow } from '../workflow/claim-workflow.service';
import { ClaimDto, evidenceByClaim, toClaimDto, toClaimEventDto } from './claim.presenter';

@Injectable()
export class ClaimsService {
  constructor(
    private readonly tx: TransactionHost,
    private readonly claims: ClaimRepository,
    private readonly workflow: ClaimWorkflow,
    private readonly outbox: OutboxRepository,
    private readonly clusterAssignment: ClusterAssignment,
  ) {}

  /** The claim if the principal may read it; 404 otherwise (never revealing another newsroom's claim). */
  async findVisible(principal: Principal, id: string): Promise<ClaimRow> {
    const claim = await this.claims.find(id);
    if (!claim || !canSee(principal, claim)) throw new NotFoundException(`claim ${id} not found`);
    return claim;
  }

  async get(principal: Principal, id: string) {
    const claim = await this.findVisible(principal, id);
    const [evidence, events] = await Promise.all([this.claims.evidenceOf([id]), this.claims.events(id)]);
    return { ...toClaimDto(claim, evidence), events: events.map(toClaimEventDto) };
  }

  async present(claims: ClaimRow[]): Promise<ClaimDto[]> {
    const evidence = evidenceByClaim(await this.claims.evidenceOf(claims.map((claim) => claim.id)));
    return claims.map((claim) => toClaimDto(claim, evidence.get(claim.id) ?? []));
  }

  async promote(principal: Principal, id: string) {
    await this.findVisible(principal, id);
    await this.tx.run(async () => {
      const claim = await this.workflow.lock(id);
      if (!claim) throw new NotFoundException(`claim ${id} not found`);
      if (claim.status !== 'not_checkworthy') {
        throw new ConflictException(`only a not_checkworthy claim can be promoted; this one is ${claim.status}`);
      }
      // It enters the workflow, so it joins its cluster (before its first workflow status is announced).
      const [clusterId] = await this.clusterAssignment.assign([claim]);
      await this.claims.setCluster([claim.id], clusterId);
      const promoted = await this.workflow.transition(claim, 'pending', { actorId: principal.ownerId, reason: 'promoted' });
      await this.outbox.add([{ name: 'verify-claim', payload: { claimId: promoted.id, version: promoted.version } }]);
    });
    return this.get(principal, id);
  }
}

function canSee(principal: Principal, claim: ClaimRow): boolean {
  if (principal.role === 'newsroom') return claim.newsroom_id === principal.ownerId;
  return principal.role === 'reviewer';
}
