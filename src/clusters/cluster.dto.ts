import { ApiProperty } from '@nestjs/swagger';
import { IsUUID } from 'class-validator';

export class MergeClustersDto {
  @ApiProperty({ description: 'The cluster to merge into this one (its members, keys and task come along)', format: 'uuid' })
  @IsUUID()
  clusterId: string;
}

class ClusterArticleDoc {
  @ApiProperty() id: string;
  @ApiProperty({ nullable: true, type: String }) title: string | null;
  @ApiProperty({ nullable: true, type: String }) url: string | null;
}

export class ClusterMemberDoc {
  @ApiProperty() id: string;
  @ApiProperty() articleId: string;
  @ApiProperty() text: string;
  @ApiProperty({ enum: ['pending', 'verifying', 'needs_review', 'in_review', 'verified', 'dismissed', 'not_checkworthy'] }) status: string;
  @ApiProperty({ type: ClusterArticleDoc }) article: ClusterArticleDoc;
}

export class TaskClusterDoc {
  @ApiProperty() id: string;
  @ApiProperty({ description: 'Members of the cluster, all of them' }) size: number;
  @ApiProperty({ type: [ClusterMemberDoc], description: 'Every member, oldest first, with its article' }) claims: ClusterMemberDoc[];
}

class ClusterVerdictDoc {
  @ApiProperty() rating: string;
  @ApiProperty({ nullable: true, type: String }) summary: string | null;
  @ApiProperty({ nullable: true, type: String }) reviewerId: string | null;
  @ApiProperty({ nullable: true, type: String }) decidedAt: string | null;
}

export class ClusterDismissalDoc {
  @ApiProperty({ description: "The reviewer's reason" }) reason: string;
  @ApiProperty({ format: 'date-time' }) decidedAt: string;
}

export class ClusterDoc {
  @ApiProperty() id: string;
  @ApiProperty({ description: 'Members of the cluster, all of them (also those a newsroom does not see)' }) size: number;
  @ApiProperty({ enum: ['open', 'verified', 'dismissed'], description: 'The latest decision of its review task; open before one' })
  status: string;
  @ApiProperty({ type: ClusterVerdictDoc, nullable: true }) verdict: ClusterVerdictDoc | null;
  @ApiProperty({ type: ClusterDismissalDoc, nullable: true, description: 'Set when the cluster was dismissed' })
  dismissal: ClusterDismissalDoc | null;
  @ApiProperty({ type: [ClusterMemberDoc], description: 'Reviewers: every member; a newsroom: only its own members' })
  claims: ClusterMemberDoc[];
  @ApiProperty({ nullable: true, type: String, description: 'Set on a cluster merged into another (it is then empty)' })
  mergedIntoId: string | null;
  @ApiProperty() createdAt: string;
  @ApiProperty() updatedAt: string;
}
