/**
 * The delegations running now for the person `delegateSql` names, as the JSON array a
 * principal carries (`DelegatedAuthority[]` of @lt/access) — an SQL expression for the query
 * that loads the principal on every request, so that it costs no round trip of its own. A
 * delegation runs only while its delegator still holds the post as it was given.
 */
export function runningDelegationsSql(delegateSql: string): string {
  // foreign-table: positions (people's) — the delegator's post must still be theirs; a join
  // here, as a separate check would add a round trip to every request.
  return `COALESCE((SELECT jsonb_agg(jsonb_build_object(
              'delegationId', d.id, 'form', d.form, 'delegatorId', d.delegator_id,
              'delegatorName', d.delegator_name, 'positionId', d.position_id, 'unitId', d.unit_id,
              'role', d.role, 'limitUnitId', d.limit_unit_id, 'powers', to_jsonb(d.powers),
              'endsAt', d.ends_at) ORDER BY d.starts_at, d.id)
            FROM delegations d
            JOIN positions dp ON dp.id = d.position_id AND dp.user_id = d.delegator_id
                             AND dp.unit_id = d.unit_id AND dp.role = d.role
           WHERE d.delegate_id = ${delegateSql} AND d.revoked_at IS NULL
             AND d.starts_at <= now() AND d.ends_at > now()), '[]'::jsonb)`;
}
