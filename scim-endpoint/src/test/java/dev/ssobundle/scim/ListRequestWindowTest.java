package dev.ssobundle.scim;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ListRequestWindowTest {

    private static ListRequest page(int startIndex, int count, boolean descending) {
        return new ListRequest(null, startIndex, count, null, descending, null, null);
    }

    @Test
    void ascendingPageIsTheOffsetAndCountAsGiven() {
        assertThat(page(11, 5, false).window(100)).isEqualTo(new ListRequest.Window(10, 5));
    }

    @Test
    void descendingPageIsTheSameWindowCountedFromTheEnd() {
        // 100 items, descending: startIndex 1 is item 100, so the first page of 5 is items 96..100.
        assertThat(page(1, 5, true).window(100)).isEqualTo(new ListRequest.Window(95, 5));
        // the last partial page: items 1..3
        assertThat(page(98, 5, true).window(100)).isEqualTo(new ListRequest.Window(0, 3));
    }

    @Test
    void pagesBeyondTheEndAreEmpty() {
        assertThat(page(101, 5, false).window(100).isEmpty(100)).isTrue();
        assertThat(page(101, 5, true).window(100).isEmpty(100)).isTrue();
        assertThat(page(1, 0, false).window(100).isEmpty(100)).isTrue();
        assertThat(page(1, 5, false).window(100).isEmpty(100)).isFalse();
    }
}
