/**
 * Materialised-path trees (units, categories): `path` is "/<root id>/…/<own id>/", `level` the depth.
 * Subtree queries are a prefix match on `path`, which an index serves.
 */
import { DeepPartial, EntityManager, EntityTarget, Like } from 'typeorm';
import { badInput, ErrorReason } from '../graphql/errors';

export interface TreeNode {
  id: number;
  parentId: number | null;
  path: string;
  level: number;
}

export const childPath = (parent: TreeNode | null, id: number) => `${parent ? parent.path : '/'}${id}/`;

/**
 * Saves an active node of a tree (a unit, a category) under its parent (null = top level), then gives it its path
 * (which holds its own id). Returns the node as saved with its path; what the update changed besides (its version,
 * updatedAt) is read again by who needs it.
 */
export async function insertTreeNode<T extends TreeNode>(
  em: EntityManager,
  entity: EntityTarget<T>,
  fields: DeepPartial<T>,
  parent: T | null,
  sortOrder: number,
) {
  const repo = em.getRepository(entity);
  const saved = await repo.save(
    repo.create({ ...fields, parentId: parent?.id ?? null, path: '/', level: parent ? parent.level + 1 : 0, sortOrder, isActive: true }),
  );
  saved.path = childPath(parent, saved.id);
  await repo.update(saved.id, { path: saved.path } as never);
  return saved;
}

/** LIKE condition for "this node and everything below it" (paths hold only digits and slashes). */
export const subtreeLike = (path: string) => Like(`${path}%`);

/**
 * Moves `node` under `newParent` (null = top level), rewriting the path and level of its whole subtree
 * in the given transaction. Refuses a move under the node itself or its descendants.
 */
export async function moveSubtree<T extends TreeNode>(
  em: EntityManager,
  entity: EntityTarget<T>,
  node: T,
  newParent: TreeNode | null,
  field = 'parentId',
): Promise<void> {
  if (newParent && newParent.path.startsWith(node.path)) {
    throw badInput(field, '不能移动到自身或其下级之下 (cannot move a node under itself)', { reason: ErrorReason.MOVE_UNDER_ITSELF });
  }
  const oldPath = node.path;
  const newPath = childPath(newParent, node.id);
  const levelDelta = (newParent ? newParent.level + 1 : 0) - node.level;
  const repo = em.getRepository(entity);
  const subtree = (await repo.find({ where: { path: subtreeLike(oldPath) } as never })) as T[];
  for (const row of subtree) {
    const patch: Partial<TreeNode> = { path: newPath + row.path.slice(oldPath.length), level: row.level + levelDelta };
    if (row.id === node.id) patch.parentId = newParent ? newParent.id : null;
    await repo.update(row.id, patch as never);
  }
}
