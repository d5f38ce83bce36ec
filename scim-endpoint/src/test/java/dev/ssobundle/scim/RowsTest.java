package dev.ssobundle.scim;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class RowsTest {

    /** A table of {@code size} rows that records which windows were read. */
    private static Rows<Integer> table(int size, List<String> reads) {
        return (first, max) -> {
            reads.add(first + "+" + max);
            return IntStream.range(first, Math.min(size, first + max)).boxed();
        };
    }

    @Test
    void pagesReadEveryRowInOrderAndStopAtTheFirstEmptyPage() {
        List<String> reads = new ArrayList<>();

        List<Integer> rows = table(5, reads).pages(2).toList();

        assertThat(rows).containsExactly(0, 1, 2, 3, 4);
        assertThat(reads).containsExactly("0+2", "2+2", "4+2", "6+2");
    }

    @Test
    void pagesAreReadOnlyAsFarAsTheCallerReads() {
        List<String> reads = new ArrayList<>();

        List<Integer> firstThree = table(1_000_000, reads).pages(2).limit(3).toList();

        assertThat(firstThree).containsExactly(0, 1, 2);
        assertThat(reads).containsExactly("0+2", "2+2");
    }
}
