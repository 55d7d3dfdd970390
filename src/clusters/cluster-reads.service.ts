import { Injectable, NotFoundException } from '@nestjs/common';
import type { Principal } from '../common/principal';
import { ClusterMemberRow } from '../workflow/cluster.entity';
import { ClusterDto, TaskClusterDto, toClusterDto, toTaskClusterDto } from './cluster.presenter';
import { ClusterRepository } from '../workflow/cluster.repository';

/** Cluster reads with the tenancy rules of the contract (a newsroom sees only its own members). */
@Injectable()
export class ClusterReads {
  constructor(private readonly clusters: ClusterRepository) {}

  /** The cluster of each task (by task id), with every member: for reviewers' task answers. */
  async forTasks(tasks: { id: string; cluster_id: string | null }[]): Promise<Map<string, TaskClusterDto>> {
    const clusterIds = [...new Set(tasks.map((task) => task.cluster_id).filter((id): id is string => id !== null))];
    if (clusterIds.length === 0) return new Map();
    const [members, sizes] = [await this.clusters.members(clusterIds), await this.clusters.sizes(clusterIds)];
    const byCluster = groupByCluster(members);
    return new Map(
      tasks
        .filter((task) => task.cluster_id !== null)
        .map((task) => [
          task.id,
          toTaskClusterDto(task.cluster_id!, sizes.get(task.cluster_id!) ?? 0, byCluster.get(task.cluster_id!) ?? []),
        ]),
    );
  }

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

function groupByCluster(rows: ClusterMemberRow[]): Map<string, ClusterMemberRow[]> {
  const map = new Map<string, ClusterMemberRow[]>();
  for (const row of rows) {
    const list = map.get(row.cluster_id);
    if (list) list.push(row);
    else map.set(row.cluster_id, [row]);
  }
  return map;
}
