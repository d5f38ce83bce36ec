package dev.ssobundle.migration;

/** Part of a source row that is reported instead of migrated, with a grouping code and a reason. */
record Note(String table, String key, String code, String reason) {
}
