package dev.tally.bench.system;

import dev.tally.query.model.NativeQuery;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Reading EXPLAIN's text: one native query and its outputs, or why the plan is not one (as Tally prints it). */
class ExplainedPlanTest
{
    private static final String GROUP_BY = "{\"type\":\"GROUP_BY\",\"table\":\"wide\",\"intervals\":[]," +
        "\"virtualColumns\":[],\"groupings\":[{\"type\":\"dimension\",\"column\":\"country\",\"name\":\"d0\"}]," +
        "\"aggregations\":[{\"kind\":\"COUNT\",\"name\":\"a0\",\"parameter\":0.0},{\"kind\":\"SUM\",\"column\":" +
        "\"revenue\",\"name\":\"a1\",\"parameter\":0.0}],\"columns\":[],\"orderBy\":[{\"column\":\"a0\"," +
        "\"descending\":true,\"nullsFirst\":false}],\"limit\":5,\"offset\":0}";

    @Test
    void aSingleNodeIsOneNativeQueryWithTheStatementsColumns()
    {
        final ExplainedPlan plan = ExplainedPlan.parse("TallyEnumerableRel(table=[[druid, wide]], query=[" + GROUP_BY +
            ", outputs=[d0, coalesce(a1, 0), a0]])\n");

        assertThat(plan.isOneNativeQuery()).isTrue();
        assertThat(plan.nativeQuery()).isEqualTo(NativeQuery.fromJson(GROUP_BY));
        assertThat(plan.outputs()).containsExactly(new ExplainedPlan.Output("d0", false),
            new ExplainedPlan.Output("a1", true), new ExplainedPlan.Output("a0", false));
        assertThat(plan.notNative()).isNull();
    }

    @Test
    void aSubqueryInputIsASemiJoinNotOneNativeQuery()
    {
        final ExplainedPlan plan = ExplainedPlan.parse(String.join("\n", List.of(
            "TallyEnumerableRel(table=[[druid, wide]], query=[" + GROUP_BY.replace("\"limit\":5", "\"limit\":-1") +
                ", outputs=[d0, a0]])",
            "  TallyEnumerableRel(table=[[druid, wide]], query=[" + GROUP_BY + ", outputs=[d0]])", "")));

        assertThat(plan.isOneNativeQuery()).isFalse();
        assertThat(plan.notNative()).isEqualTo("subquery first");
    }

    @Test
    void calciteOperatorsAboveTheNodeAreNotOneNativeQuery()
    {
        final ExplainedPlan plan = ExplainedPlan.parse(String.join("\n", List.of(
            "EnumerableCalc(expr#0..3=[{inputs}], expr#4=[/($t3, $t2)], proj#0..4=[{exprs}])",
            "  TallyEnumerableRel(table=[[druid, wide]], query=[" + GROUP_BY + ", outputs=[d0, a0, a1]])")));

        assertThat(plan.isOneNativeQuery()).isFalse();
        assertThat(plan.notNative()).isEqualTo("Calcite above native rows");
    }

    @Test
    void anOutputComputedFromTheResultIsNotOneNativeQuery()
    {
        final ExplainedPlan plan = ExplainedPlan.parse("TallyEnumerableRel(table=[[druid, wide]], query=[" + GROUP_BY +
            ", outputs=[floor(__time, PT1H), a0]])");

        assertThat(plan.isOneNativeQuery()).isFalse();
        assertThat(plan.notNative()).isEqualTo("outputs computed above the engine");
    }

    @Test
    void aLimitBoundAtExecutionIsNotOneNativeQuery()
    {
        final ExplainedPlan plan = ExplainedPlan.parse("TallyEnumerableRel(table=[[druid, wide]], query=[" + GROUP_BY +
            ", limit=?0, outputs=[d0, a0]])");

        assertThat(plan.isOneNativeQuery()).isFalse();
        assertThat(plan.notNative()).isEqualTo("completed at execution");
    }
}
