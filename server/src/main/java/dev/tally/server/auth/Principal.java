package dev.tally.server.auth;

import java.util.Map;
import java.util.Set;

/**
 * Who a request comes from and what they may do: per-table grants, where the table {@code *} stands for every table.
 * With auth off every request is {@link #ANONYMOUS}, which may do everything.
 */
public record Principal(String name, Map<String, Set<Access>> grants)
{
    public static final String ANY_TABLE = "*";
    public static final Principal ANONYMOUS = new Principal("anonymous",
        Map.of(ANY_TABLE, Set.of(Access.READ, Access.WRITE)));

    public Principal
    {
        grants = Map.copyOf(grants);
    }

    public boolean may(final Access access, final String table)
    {
        final Set<Access> exact = grants.get(table);
        if (exact != null && exact.contains(access))
        {
            return true;
        }
        final Set<Access> any = grants.get(ANY_TABLE);
        return any != null && any.contains(access);
    }
}
