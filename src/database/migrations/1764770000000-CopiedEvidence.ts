import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * Reviewer evidence copied to the members of a cluster with its verdict remembers the claim it was
 * copied from, so a detach withdraws the copies with the inherited verdict (docs/clusters.md, §5).
 * A nullable column without a default is a catalogue-only change. Copies made before it are not
 * marked (they stay on a detached claim, as before).
 */
export class CopiedEvidence1764770000000 implements MigrationInterface {
  name = 'CopiedEvidence1764770000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE evidence ADD COLUMN copied_from_claim_id uuid`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE evidence DROP COLUMN IF EXISTS copied_from_claim_id`);
  }
}
