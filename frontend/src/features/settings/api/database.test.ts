import { describe, expect, it } from 'vitest';
import { fromDatabaseForm, toDatabaseForm, validateDatabaseForm, type DatabaseForm } from './database';

const server: DatabaseForm = {
  engine: 'postgres',
  host: 'db.office.lan',
  port: 5432,
  database: 'practice',
  user: 'privacydesk',
  sslMode: 'verify-full',
  caFile: '/etc/privacydesk/ca.crt',
  password: '',
};

describe('database form', () => {
  it('asks nothing of this computer’s file', () => {
    expect(validateDatabaseForm({ ...toDatabaseForm({ engine: 'sqlite', host: '', port: 0, database: '', user: '', sslMode: '', caFile: '' }) })).toEqual({});
  });

  it('accepts a complete server, and an IPv6 address', () => {
    expect(validateDatabaseForm(server)).toEqual({});
    expect(validateDatabaseForm({ ...server, host: '::1' })).toEqual({});
  });

  it('names every empty field of a server', () => {
    const errors = validateDatabaseForm({ ...server, host: ' ', port: '', database: '', user: '', caFile: '' });
    expect(Object.keys(errors).sort()).toEqual(['caFile', 'database', 'host', 'port', 'user']);
    expect(errors.host).toMatch(/server’s name or address/);
    expect(errors.caFile).toMatch(/verify-full/);
  });

  it('names the field of each malformed value', () => {
    const cases: [Partial<DatabaseForm>, string, RegExp][] = [
      [{ host: 'db.office.lan:5432' }, 'host', /the port has its own field/],
      [{ host: 'postgres://db' }, 'host', /not one/],
      [{ port: 70000 }, 'port', /1 to 65535/],
      [{ port: 54.5 }, 'port', /1 to 65535/],
      [{ database: 'a/b' }, 'database', /cannot hold/],
      [{ user: 'desk@office' }, 'user', /cannot hold/],
      [{ sslMode: 'prefer' }, 'sslMode', /verify-full, verify-ca, require, disable/],
      [{ engine: 'mysql' as never }, 'engine', /file or a PostgreSQL server/],
    ];
    for (const [change, field, message] of cases) {
      const errors = validateDatabaseForm({ ...server, ...change });
      expect(Object.keys(errors), JSON.stringify(change)).toEqual([field]);
      expect(errors[field]).toMatch(message);
    }
  });

  it('needs no CA file without verification, and sends none when unencrypted', () => {
    expect(validateDatabaseForm({ ...server, sslMode: 'require', caFile: '' })).toEqual({});
    expect(fromDatabaseForm({ ...server, sslMode: 'disable' }).caFile).toBe('');
    expect(fromDatabaseForm({ ...server, host: ' db ', user: ' pd ' })).toMatchObject({ host: 'db', user: 'pd', port: 5432 });
  });

  it('starts a new server at port 5432 with verify-full, and never carries a password in the choice', () => {
    const form = toDatabaseForm({ engine: 'postgres', host: '', port: 0, database: '', user: '', sslMode: '', caFile: '' });
    expect(form).toMatchObject({ port: 5432, sslMode: 'verify-full', password: '' });
    expect(Object.keys(fromDatabaseForm({ ...server, password: 'secret' }))).not.toContain('password');
  });
});
