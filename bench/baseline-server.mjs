/**
 * The hand-written baseline for the unit-inbox benchmark: the same 25 rows (assignment, message, unit,
 * deadlines) of the same unit subtree, read with mysql2 and written as JSON by node:http, with no GraphQL,
 * no ORM, no authentication and no permission checks. The ratio against it shows what the framework costs.
 * `GET /detail?id=N`: the rows of the console's message detail (MessageDetail): the message with its units, category,
 * region, leader, duplicate and group (lead, its replies, members), masked private data, assignments with their units,
 * extension requests and objections, replies with their units, evaluations, supervisions and the first 100 ledger
 * entries with their units and staff names; the statements run in parallel. What the server computes besides (the
 * deadlines on the working calendar, available and blocked actions, screening) is not computed here.
 *
 *   node bench/baseline-server.mjs <mysql url> <port>
 */
import http from 'node:http';
import mysql from 'mysql2/promise';

const [url, port] = process.argv.slice(2);
const pool = mysql.createPool({ uri: url, connectionLimit: 10, timezone: 'Z' });
const OPEN = ['PENDING', 'SIGNED', 'RETURN_REQUESTED'];

const json = (v) => (typeof v === 'string' ? JSON.parse(v) : (v ?? null));
const mask = (v, keep = 1) => (v ? v.slice(0, keep) + '*'.repeat(Math.max(v.length - keep, 1)) : null);
const ref = (id, name) => (id ? { id: String(id), name } : null);

async function detail(id) {
  const q = (sql, args) => pool.query(sql, args).then(([rows]) => rows);
  const [[m], assignments, replies, evaluations, supervisions, events, [member]] = await Promise.all([
    q(
      `SELECT m.*, lu.name AS leadUnitName, c.name AS categoryName, r.name AS regionName, l.name AS leaderName, l.title AS leaderTitle,
              d.serialNo AS duplicateSerialNo
         FROM message m LEFT JOIN unit lu ON lu.id = m.leadUnitId LEFT JOIN category c ON c.id = m.categoryId
         LEFT JOIN unit r ON r.id = m.regionUnitId LEFT JOIN leader l ON l.id = m.addressedLeaderId LEFT JOIN message d ON d.id = m.duplicateOfId
        WHERE m.id = ?`,
      [id],
    ),
    q(`SELECT a.*, u.name AS unitName FROM assignment a INNER JOIN unit u ON u.id = a.unitId WHERE a.messageId = ? ORDER BY a.id`, [id]),
    q(`SELECT r.*, u.name AS unitName FROM reply r LEFT JOIN unit u ON u.id = r.unitId WHERE r.messageId = ? ORDER BY r.id`, [id]),
    q(`SELECT * FROM evaluation WHERE messageId = ? ORDER BY id`, [id]),
    q(`SELECT * FROM supervision WHERE messageId = ? ORDER BY id`, [id]),
    q(
      `SELECT e.*, u.name AS unitName, s.displayName AS actorName FROM message_event e LEFT JOIN unit u ON u.id = e.actorUnitId
         LEFT JOIN app_user s ON s.id = e.actorUserId WHERE e.messageId = ? ORDER BY e.id LIMIT 100`,
      [id],
    ),
    q(`SELECT groupId FROM message_group_member WHERE messageId = ?`, [id]),
  ]);
  const ids = assignments.map((a) => a.id).join(',') || '0';
  const [extensions, objections, group] = await Promise.all([
    q(`SELECT * FROM extension_request WHERE assignmentId IN (${ids}) ORDER BY id`),
    q(`SELECT * FROM assignment_objection WHERE assignmentId IN (${ids}) ORDER BY id`),
    member
      ? Promise.all([
          q(`SELECT * FROM message_group WHERE id = ?`, [member.groupId]),
          q(
            `SELECT m.id, m.serialNo, m.title, m.state, m.submittedAt, g.leadMessageId FROM message_group_member gm
               INNER JOIN message m ON m.id = gm.messageId INNER JOIN message_group g ON g.id = gm.groupId WHERE gm.groupId = ?`,
            [member.groupId],
          ),
          q(
            `SELECT r.id, r.kind, r.state, r.content, r.publishedAt FROM reply r INNER JOIN message_group g ON g.leadMessageId = r.messageId
              WHERE g.id = ? ORDER BY r.id`,
            [member.groupId],
          ),
        ])
      : null,
  ]);
  let groupOut = null;
  if (group) {
    const [[g], members, leadReplies] = group;
    const lead = members.find((x) => x.id === g.leadMessageId);
    groupOut = {
      id: String(g.id),
      size: members.length,
      note: g.note,
      lead: lead && { id: String(lead.id), serialNo: lead.serialNo, state: lead.state, replies: leadReplies.map((r) => ({ ...r, id: String(r.id) })) },
      members: members
        .sort((a, b) => Number(b.id === g.leadMessageId) - Number(a.id === g.leadMessageId) || a.submittedAt - b.submittedAt)
        .map((x) => ({ isLead: x.id === g.leadMessageId, message: { id: String(x.id), serialNo: x.serialNo, title: x.title, state: x.state } })),
    };
  }
  return {
    message: {
      id: String(m.id),
      serialNo: m.serialNo,
      title: m.title,
      type: m.type,
      channel: m.channel,
      state: m.state,
      submittedAt: m.submittedAt,
      replyDueAt: m.replyDueAt,
      isUrgent: !!m.isUrgent,
      isComplex: !!m.isComplex,
      onHoldSince: m.onHoldSince,
      archivedAt: m.archivedAt,
      version: m.version,
      leadUnit: ref(m.leadUnitId, m.leadUnitName),
      category: ref(m.categoryId, m.categoryName),
      content: m.content,
      isPublic: !!m.isPublic,
      isAnonymous: !!m.isAnonymous,
      invalidReason: m.invalidReason,
      screeningNote: m.screeningNote,
      acceptedAt: m.acceptedAt,
      assignedAt: m.assignedAt,
      repliedAt: m.repliedAt,
      closedAt: m.closedAt,
      reopenCount: m.reopenCount,
      attachments: json(m.attachments) ?? [],
      region: ref(m.regionUnitId, m.regionName),
      addressedLeader: m.addressedLeaderId ? { id: String(m.addressedLeaderId), name: m.leaderName, title: m.leaderTitle } : null,
      duplicateOf: m.duplicateOfId ? { id: String(m.duplicateOfId), serialNo: m.duplicateSerialNo } : null,
      group: groupOut,
      pii: { realName: mask(m.realName), phone: mask(m.phone, 3), idNumber: mask(m.idNumber, 4), address: mask(m.address, 6), ip: mask(m.ip, 4), masked: true },
      assignments: assignments.map((a) => ({
        id: String(a.id),
        role: a.role,
        state: a.state,
        parentId: a.parentId && String(a.parentId),
        signDueAt: a.signDueAt,
        replyDueAt: a.replyDueAt,
        signedAt: a.signedAt,
        extensionCount: a.extensionCount,
        returnReason: a.returnReason,
        unit: ref(a.unitId, a.unitName),
        extensionRequests: extensions.filter((x) => x.assignmentId === a.id).map((x) => ({ ...x, id: String(x.id) })),
        objections: objections.filter((x) => x.assignmentId === a.id).map((x) => ({ ...x, id: String(x.id) })),
      })),
      replies: replies.map((r) => ({
        id: String(r.id),
        kind: r.kind,
        state: r.state,
        content: r.content,
        contactedCitizen: !!r.contactedCitizen,
        contactMethod: r.contactMethod,
        resolved: !!r.resolved,
        rejectionCount: r.rejectionCount,
        reviewComment: r.reviewComment,
        publishedAt: r.publishedAt,
        attachments: json(r.attachments) ?? [],
        unit: ref(r.unitId, r.unitName),
      })),
      evaluations: evaluations.map((e) => ({
        id: String(e.id),
        overall: e.overall,
        band: e.band,
        satisfied: !!e.satisfied,
        comment: e.comment,
        source: e.source,
        createdAt: e.createdAt,
      })),
      supervisions: supervisions.map((x) => ({ ...x, id: String(x.id) })),
      timeline: {
        nodes: events.map((e) => ({
          id: String(e.id),
          action: e.action,
          fromState: e.fromState,
          toState: e.toState,
          actorKind: e.actorKind,
          actorUserId: e.actorUserId && String(e.actorUserId),
          actorName: e.actorName,
          actorUnit: ref(e.actorUnitId, e.unitName),
          assignmentId: e.assignmentId && String(e.assignmentId),
          createdAt: e.createdAt,
          payload: json(e.payload),
        })),
      },
    },
  };
}

const server = http.createServer(async (req, res) => {
  try {
    const url = new URL(req.url, 'http://x');
    if (url.pathname === '/detail') {
      const body = JSON.stringify({ data: await detail(Number(url.searchParams.get('id'))) });
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(body);
      return;
    }
    const unitId = Number(url.searchParams.get('unit'));
    const [[unit]] = await pool.query('SELECT path FROM unit WHERE id = ?', [unitId]);
    const like = `${unit.path}%`;
    // the best plain SQL we know: sort and limit the ids first (with a window total), then join those rows only
    const [rows] = await pool.query(
      `SELECT a.id, a.role, a.state, a.assignedAt, a.signDueAt, a.replyDueAt, a.yellowAt, a.extensionCount, u.id AS unitId, u.name AS unitName,
              m.id AS messageId, m.serialNo, m.title, m.type, m.state AS messageState, m.isUrgent, p.total
         FROM (SELECT a.id, COUNT(*) OVER () AS total FROM assignment a INNER JOIN unit u ON u.id = a.unitId
                WHERE u.path LIKE ? AND a.state IN (?) ORDER BY a.replyDueAt ASC, a.id ASC LIMIT 25) p
         INNER JOIN assignment a ON a.id = p.id INNER JOIN unit u ON u.id = a.unitId INNER JOIN message m ON m.id = a.messageId
        ORDER BY a.replyDueAt ASC, a.id ASC`,
      [like, OPEN],
    );
    const count = { n: rows[0]?.total ?? 0 };
    const now = Date.now();
    const nodes = rows.map((r) => ({
      id: String(r.id),
      role: r.role,
      state: r.state,
      assignedAt: r.assignedAt,
      signDueAt: r.signDueAt,
      replyDueAt: r.replyDueAt,
      warningLevel: r.replyDueAt.getTime() < now ? 'RED' : r.yellowAt.getTime() <= now ? 'YELLOW' : 'GREEN',
      extensionCount: r.extensionCount,
      unit: { id: String(r.unitId), name: r.unitName },
      message: { id: String(r.messageId), serialNo: r.serialNo, title: r.title, type: r.type, state: r.messageState, isUrgent: !!r.isUrgent },
    }));
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ data: { inbox: { totalCount: Number(count.n), nodes } } }));
  } catch (e) {
    res.writeHead(500);
    res.end(String(e));
  }
});
server.listen(Number(port), '127.0.0.1', () => process.send?.('ready'));
process.on('SIGTERM', () => server.close(() => pool.end().then(() => process.exit(0))));
