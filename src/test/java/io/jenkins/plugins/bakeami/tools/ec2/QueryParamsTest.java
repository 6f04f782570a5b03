package io.jenkins.plugins.bakeami.tools.ec2;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.fail;

import java.util.List;
import org.junit.Test;

public class QueryParamsTest {
    @Test
    public void decodesFormsAndReadsListsAndStructuresInIndexOrder() {
        QueryParams p = QueryParams.parse("Action=DescribeImages&Owner.10=c&Owner.2=b&Owner.1=a"
                + "&Filter.1.Name=tag%3Aami_config_checksum&Filter.1.Value.1=a+b%26c&Filter.2.Name=state&Filter.2.Value.1=available",
                "");
        assertEquals("DescribeImages", p.get("Action"));
        assertEquals(List.of("a", "b", "c"), p.list("Owner"));
        List<QueryParams> filters = p.members("Filter");
        assertEquals(2, filters.size());
        assertEquals("tag:ami_config_checksum", filters.get(0).get("Name"));
        assertEquals(List.of("a b&c"), filters.get(0).list("Value"));
        assertEquals("state", filters.get(1).get("Name"));
    }

    @Test
    public void bodyAndQueryStringCombine() {
        QueryParams p = QueryParams.parse("Action=DescribeRegions", "Version=2016-11-15&RegionName.1=us-east-1");
        assertEquals("DescribeRegions", p.get("Action"));
        assertEquals(List.of("us-east-1"), p.list("RegionName"));
    }

    @Test
    public void missingAndMalformedValuesAreEc2Errors() {
        QueryParams p = QueryParams.parse("MaxResults=ten&DryRun=maybe", "");
        expect("MissingParameter", () -> p.required("ImageId"));
        expect("InvalidParameterValue", () -> p.integer("MaxResults"));
        expect("InvalidParameterValue", () -> p.bool("DryRun"));
        expect("MalformedQueryString", () -> QueryParams.parse("a=%zz", ""));
    }

    private static void expect(String code, Runnable r) {
        try {
            r.run();
            fail("expected " + code);
        } catch (Ec2Error e) {
            assertEquals(code, e.code());
        }
    }
}
