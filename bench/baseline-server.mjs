/**
 * The hand-written baseline for the unit-inbox benchmark: the same 25 rows (assignment, message, unit,
 * deadlines) of the same unit subtree, read with mysql2 and written as JSON by node:http, with no GraphQL,
 * no ORM, no authentication and no permission checks. The ratio against it shows what the framework costs.
 *
 *   node bench/baseline-server.mjs <mysql url> <port>
 */
import http from 'node:http';
import mysql from 'mysql2/promise';

const [url, port] = process.argv.slice(2);
const pool = mysql.createPool({ uri: url, connectionLimit: 10, timezone: 'Z' });
const OPEN = ['PENDING', 'SIGNED', 'RETURN_REQUESTED'];

const server = http.createServer(async (req, res) => {
  try {
    const unitId = Number(new URL(req.url, 'http://x').searchParams.get('unit'));
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
