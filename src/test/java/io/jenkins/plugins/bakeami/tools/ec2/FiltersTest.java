package io.jenkins.plugins.bakeami.tools.ec2;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.util.Map;
import org.junit.Test;

public class FiltersTest {
    @Test
    public void wildcardsMatchAsEc2Documents() {
        assertTrue(Filters.wildcard("app-*").matcher("app-").matches());
        assertTrue(Filters.wildcard("app-*").matcher("app-2025-01-01").matches());
        assertFalse(Filters.wildcard("app-*").matcher("my-app-1").matches());
        assertTrue(Filters.wildcard("a?c").matcher("abc").matches());
        assertFalse(Filters.wildcard("a?c").matcher("abbc").matches());
        assertTrue(Filters.wildcard("a\\*c").matcher("a*c").matches());
        assertFalse(Filters.wildcard("a\\*c").matcher("abc").matches());
        assertTrue(Filters.wildcard("1.0 (x)[y]+").matcher("1.0 (x)[y]+").matches());
        assertFalse(Filters.wildcard("1.0").matcher("100").matches());
        assertFalse(Filters.wildcard("Abc").matcher("abc").matches());
    }

    @Test
    public void everyFilterMustMatchAndAnyValueOfOneFilterDoes() {
        FilterFields<Image> fields = new FilterFields<Image>(i -> i.tags).field("name", i -> i.name).field("state", i -> i.state);
        Image image = new Image("ami-00000000000000001", "111111111111");
        image.name = "web-1";
        image.state = "available";
        image.tags.put("111111111111", "team", "web");

        assertTrue(filters(Map.of("Filter.1.Name", "name", "Filter.1.Value.1", "db-*", "Filter.1.Value.2", "web-*")).matches(image, fields, "111111111111"));
        assertFalse(filters(Map.of("Filter.1.Name", "name", "Filter.1.Value.1", "web-*", "Filter.2.Name", "state", "Filter.2.Value.1", "pending"))
                .matches(image, fields, "111111111111"));
        assertTrue(filters(Map.of("Filter.1.Name", "tag:team", "Filter.1.Value.1", "web")).matches(image, fields, "111111111111"));
        // another account does not see the owner's tags
        assertFalse(filters(Map.of("Filter.1.Name", "tag:team", "Filter.1.Value.1", "web")).matches(image, fields, "222222222222"));
        assertFalse(filters(Map.of("Filter.1.Name", "tag-key", "Filter.1.Value.1", "*")).matches(image, fields, "222222222222"));
    }

    @Test
    public void unknownFilterNamesAreInvalidParameterValue() {
        FilterFields<Image> fields = new FilterFields<Image>(i -> i.tags).field("name", i -> i.name);
        try {
            filters(Map.of("Filter.1.Name", "nmae", "Filter.1.Value.1", "x")).checkedAgainst(fields);
            fail();
        } catch (Ec2Error e) {
            assertEquals("InvalidParameterValue", e.code());
            assertEquals("The filter 'nmae' is invalid", e.getMessage());
        }
    }

    private static Filters filters(Map<String, String> params) {
        return Filters.parse(new QueryParams(params));
    }
}
