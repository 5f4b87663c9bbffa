/**
 * The title of a record's page: the resource's name and the record's own name as people wrote it (marked as
 * their text), never its database id: 用户：张三, 第三方接入：示例公众网站.
 */
import { useRecordContext, useResourceContext, useTranslate } from 'react-admin';

export function RecordTitle({ source }: { source: string }) {
  const record = useRecordContext<Record<string, unknown>>();
  const resource = useResourceContext();
  const t = useTranslate();
  const name = t(`resources.${resource}.name`, { smart_count: 1 });
  if (!record) return <span>{name}</span>;
  return (
    <span>
      {name}：<span data-user-text>{String(record[source] ?? '')}</span>
    </span>
  );
}
