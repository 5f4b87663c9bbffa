/**
 * A page's query through react-query (the cache react-admin already runs): fetched when the variables change,
 * the previous answer dropped while the new one loads, errors told once in the console's words.
 * Pages use it instead of an effect that sets state, so a quick change of filters never shows a stale answer.
 */
import { useEffect } from 'react';
import { useQuery } from '@tanstack/react-query';
import { useNotify } from 'react-admin';
import { gql } from './client';
import { useErrorText } from '../components/common';
import type { TypedDocument } from '../generated/graphql';

/**
 * `quiet`: the page shows the error itself (no notification). `key`: what else the answer depends on beside the
 * variables (e.g. the message's version: a changed message is asked again).
 */
export function useGqlQuery<V, R>(doc: TypedDocument<V, R>, variables: V, options: { enabled?: boolean; quiet?: boolean; key?: unknown } = {}) {
  const notify = useNotify();
  const errorText = useErrorText();
  const query = useQuery({
    queryKey: ['gql', doc, variables, options.key ?? null],
    queryFn: () => gql(doc, variables),
    enabled: options.enabled ?? true,
    retry: false,
    refetchOnWindowFocus: false,
  });
  const { error } = query;
  const quiet = options.quiet ?? false;
  useEffect(() => {
    if (error && !quiet) notify(errorText(error), { type: 'error' });
  }, [error, quiet, notify, errorText]);
  return query;
}
