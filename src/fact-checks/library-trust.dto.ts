import { ApiProperty } from '@nestjs/swagger';
import { IsBoolean, IsString, Length, Matches } from 'class-validator';
import { MAX_PUBLISHER_LENGTH } from './fact-check.entity';

export class NewsroomTrustDto {
  @ApiProperty({ description: "Whether this newsroom's imports may become automatic evidence on other newsrooms' claims" })
  @IsBoolean()
  trusted: boolean;
}

export class PublisherTrustDto {
  @ApiProperty({ maxLength: MAX_PUBLISHER_LENGTH, description: 'Publisher name as items carry it (compared case-insensitively)' })
  @IsString()
  @Length(1, MAX_PUBLISHER_LENGTH)
  @Matches(/\S/, { message: 'publisher must not be blank' })
  publisher: string;

  @ApiProperty({ description: "Whether this publisher's items may become automatic evidence on any newsroom's claims" })
  @IsBoolean()
  trusted: boolean;
}

export class TrustedNewsroomDoc {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
}

export class TrustedPublisherDoc {
  @ApiProperty() name: string;
  @ApiProperty({ format: 'date-time' }) trustedAt: string;
}

export class LibraryTrustDoc {
  @ApiProperty({ type: [TrustedNewsroomDoc] }) newsrooms: TrustedNewsroomDoc[];
  @ApiProperty({ type: [TrustedPublisherDoc] }) publishers: TrustedPublisherDoc[];
}

export class NewsroomTrustDoc {
  @ApiProperty({ format: 'uuid' }) newsroomId: string;
  @ApiProperty() name: string;
  @ApiProperty() trusted: boolean;
}

export class PublisherTrustDoc {
  @ApiProperty() publisher: string;
  @ApiProperty() trusted: boolean;
}
