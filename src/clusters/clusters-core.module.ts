import { Module } from '@nestjs/common';
import { ClusterAssignment } from './cluster-assignment.service';
import { ClusterRepository } from './cluster.repository';

/** Cluster persistence and assignment: shared by extraction, promotion, verification and review tasks. */
@Module({ providers: [ClusterRepository, ClusterAssignment], exports: [ClusterRepository, ClusterAssignment] })
export class ClustersCoreModule {}
