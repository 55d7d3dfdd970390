// Used by the TypeORM CLI (`typeorm migration:* -d dist/database/data-source.js`).
import { DataSource } from 'typeorm';
import { databaseUrlFrom } from '../config/config';
import { dataSourceOptions } from './data-source-options';

export default new DataSource(dataSourceOptions(databaseUrlFrom(), 2));
