import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * A newsroom's own check-worthiness threshold (NULL: the service default, CHECKWORTHY_THRESHOLD).
 * A nullable column without a default is a catalogue-only change; the range check is added NOT VALID
 * (no scan under the exclusive lock) and validated afterwards under a lock that lets writes through.
 */
export class NewsroomCheckworthyThreshold1764740000000 implements MigrationInterface {
  name = 'NewsroomCheckworthyThreshold1764740000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE newsrooms ADD COLUMN checkworthy_threshold double precision`);
    await db.query(
      `ALTER TABLE newsrooms ADD CONSTRAINT newsrooms_checkworthy_threshold_range
         CHECK (checkworthy_threshold IS NULL OR (checkworthy_threshold >= 0 AND checkworthy_threshold <= 1)) NOT VALID`,
    );
    await db.query(`ALTER TABLE newsrooms VALIDATE CONSTRAINT newsrooms_checkworthy_threshold_range`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE newsrooms DROP COLUMN IF EXISTS checkworthy_threshold`);
  }
}
