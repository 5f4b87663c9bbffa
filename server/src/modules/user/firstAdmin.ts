/**
 * The first platform administrator of a new installation (production starts with an empty organisation: no demo
 * users). Creates the root unit (the platform office's region, e.g. a province or a city) when the organisation is
 * empty, and one PLATFORM_ADMIN in it who must change the password at the first login. Refused once any user exists:
 * further accounts are made by that administrator in the console.
 */
import crypto from 'node:crypto';
import { validate } from 'class-validator';
import type { DataSource } from 'typeorm';
import type { Services } from '../../services';
import { Unit, UnitKind } from '../unit/unit.entity';
import { CreateUnitInput } from '../unit/unit.inputs';
import { Role, User } from './user.entity';
import { CreateUserInput } from './user.inputs';

export interface FirstAdminInput {
  username: string;
  displayName: string;
  /** Omitted: a random password is generated and returned (shown once). */
  password?: string;
  /** The root unit, created when there is no unit yet; an existing root unit is used as it is. */
  unitCode: string;
  unitName: string;
}

export class FirstAdminRefused extends Error {}

/** Letters and digits without look-alikes, with a digit and a letter guaranteed (the password policy). */
function randomPassword(): string {
  const alphabet = 'abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';
  const body = Array.from(crypto.randomBytes(14), (b) => alphabet[b % alphabet.length]).join('');
  return `${body}7a`;
}

export async function createFirstAdmin(
  ds: DataSource,
  services: Pick<Services, 'units' | 'users'>,
  input: FirstAdminInput,
): Promise<{ user: User; unit: Unit; password: string; unitCreated: boolean }> {
  // The same rules as the console's forms (the inputs' validators).
  const password = input.password ?? randomPassword();
  const unitInput = Object.assign(new CreateUnitInput(), { code: input.unitCode, name: input.unitName, kind: UnitKind.REGION });
  const userInput = Object.assign(new CreateUserInput(), {
    username: input.username.toLowerCase(),
    displayName: input.displayName,
    role: Role.PLATFORM_ADMIN,
    unitId: '0',
    password,
  });
  const problems = (await Promise.all([validate(unitInput), validate(userInput)])).flat();
  if (problems.length) throw new FirstAdminRefused(problems.map((p) => Object.values(p.constraints ?? {}).join('; ')).join('; '));
  if ((await ds.getRepository(User).count()) > 0) {
    throw new FirstAdminRefused('这个数据库已有用户：请用已有的管理员账号在控制台中创建账号 (users exist already: create accounts in the console)');
  }
  let unit = await ds.getRepository(Unit).findOneBy({ code: input.unitCode });
  let unitCreated = false;
  if (unit && unit.parentId !== null) throw new FirstAdminRefused(`单位 ${input.unitCode} 不是根单位 (not a root unit)`);
  if (!unit) {
    if ((await ds.getRepository(Unit).count()) > 0) {
      throw new FirstAdminRefused(`没有编码为 ${input.unitCode} 的单位，而组织机构不是空的 (no such unit, and the organisation is not empty)`);
    }
    unit = await services.units.create(unitInput);
    unitCreated = true;
  }
  const user = await services.users.create({ ...userInput, unitId: String(unit.id) });
  return { user, unit, password, unitCreated };
}
