import { Injectable, NotFoundException } from '@nestjs/common';
import type { Principal } from '../common/principal';
import { ClusterDto, toClusterDto } from './cluster.presenter';
import { ClusterRepository } from '../workflow/cluster.repository';

/** Cluster reads with the tenancy rules of the contract (a newsroom sees only its own members). */
@Injectable()
export class ClusterReads {
  constructor(private readonly clusters: ClusterRepository) {}

  /** Reviewers see every member; a newsroom only a cluster it has a member in (else 404), and only its members. */
  async get(principal: Principal, id: string): Promise<ClusterDto> {
    const cluster = await this.clusters.find(id);
    const newsroomId = principal.role === 'newsroom' ? principal.ownerId : null;
    if (!cluster || (principal.role === 'newsroom' && !(newsroomId && (await this.clusters.hasMemberOf(id, newsroomId))))) {
      throw new NotFoundException(`cluster ${id} not found`);
    }
    const members = await this.clusters.members([id], newsroomId);
    const sizes = await this.clusters.sizes([id]);
    return toClusterDto(cluster, sizes.get(id) ?? 0, members);
  }
}
