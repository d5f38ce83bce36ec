package dev.ssobundle.scim;

import java.util.List;
import java.util.stream.Stream;

/** A listing the database windows itself (Keycloak's {@code first}/{@code max} stream methods), in its own order. */
@FunctionalInterface
interface Rows<M> {

    /** Rows {@code first} to {@code first + max - 1}. */
    Stream<M> read(int first, int max);

    /** Every row, read lazily page by page, never as one unbounded query; the caller stops reading where it likes. */
    default Stream<M> pages(int pageSize) {
        return Stream.iterate(0, first -> first + pageSize)
                .map(first -> {
                    try (Stream<M> page = read(first, pageSize)) {
                        return page.toList();
                    }
                })
                .takeWhile(page -> !page.isEmpty())
                .flatMap(List::stream);
    }
}
