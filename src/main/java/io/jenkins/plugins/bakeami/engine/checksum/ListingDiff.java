package io.jenkins.plugins.bakeami.engine.checksum;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What differs between two explain listings, e.g. the last baked one and the current one: entries added, removed,
 * changed (same path, other digest), renamed (same content, other path) and moved (same entry, but its place in
 * the checksum order changed, which alone changes an ami-bakery value). Entries are matched by kind and path; a
 * path listed twice (overlapping directories) is matched occurrence by occurrence.
 */
public final class ListingDiff {

    /** An entry whose content changed: same kind and path, another digest. */
    public static final class Change {
        private final ListingEntry before;
        private final ListingEntry after;

        Change(ListingEntry before, ListingEntry after) {
            this.before = before;
            this.after = after;
        }

        public ListingEntry getBefore() {
            return before;
        }

        public ListingEntry getAfter() {
            return after;
        }
    }

    /** An entry that kept its kind and digest under another path. */
    public static final class Rename {
        private final ListingEntry before;
        private final ListingEntry after;

        Rename(ListingEntry before, ListingEntry after) {
            this.before = before;
            this.after = after;
        }

        public ListingEntry getBefore() {
            return before;
        }

        public ListingEntry getAfter() {
            return after;
        }
    }

    private final ChecksumListing before;
    private final ChecksumListing after;
    private final List<ListingEntry> added = new ArrayList<>();
    private final List<ListingEntry> removed = new ArrayList<>();
    private final List<Change> changed = new ArrayList<>();
    private final List<Rename> renamed = new ArrayList<>();
    private final List<ListingEntry> moved = new ArrayList<>();

    private ListingDiff(ChecksumListing before, ChecksumListing after) {
        this.before = before;
        this.after = after;
    }

    /** Compares {@code before} (e.g. the listing of the last bake) with {@code after}. */
    public static ListingDiff between(ChecksumListing before, ChecksumListing after) {
        ListingDiff diff = new ListingDiff(Objects.requireNonNull(before, "before"), Objects.requireNonNull(after, "after"));
        diff.compare();
        return diff;
    }

    private void compare() {
        List<ListingEntry> old = before.getEntries();
        List<ListingEntry> now = after.getEntries();
        Map<String, Deque<Integer>> oldPositions = new HashMap<>();
        for (int i = 0; i < old.size(); i++) {
            oldPositions.computeIfAbsent(key(old.get(i)), k -> new ArrayDeque<>()).add(i);
        }
        boolean[] oldMatched = new boolean[old.size()];
        List<Integer> oldIndexOfCommon = new ArrayList<>();
        List<ListingEntry> common = new ArrayList<>();
        List<ListingEntry> addedCandidates = new ArrayList<>();
        for (ListingEntry entry : now) {
            Deque<Integer> positions = oldPositions.get(key(entry));
            Integer match = positions == null ? null : positions.poll();
            if (match == null) {
                addedCandidates.add(entry);
                continue;
            }
            oldMatched[match] = true;
            oldIndexOfCommon.add(match);
            common.add(entry);
            if (!old.get(match).getDigest().equals(entry.getDigest())) {
                changed.add(new Change(old.get(match), entry));
            }
        }
        Map<String, Deque<ListingEntry>> removedByContent = new HashMap<>();
        List<ListingEntry> removedCandidates = new ArrayList<>();
        for (int i = 0; i < old.size(); i++) {
            if (!oldMatched[i]) {
                removedCandidates.add(old.get(i));
                removedByContent.computeIfAbsent(content(old.get(i)), k -> new ArrayDeque<>()).add(old.get(i));
            }
        }
        for (ListingEntry entry : addedCandidates) {
            Deque<ListingEntry> sameContent = removedByContent.get(content(entry));
            ListingEntry source = sameContent == null ? null : sameContent.poll();
            if (source == null) {
                added.add(entry);
            } else {
                renamed.add(new Rename(source, entry));
            }
        }
        Set<ListingEntry> renamedSources = Collections.newSetFromMap(new IdentityHashMap<>());
        renamed.forEach(rename -> renamedSources.add(rename.getBefore()));
        for (ListingEntry entry : removedCandidates) {
            if (!renamedSources.contains(entry)) {
                removed.add(entry);
            }
        }
        boolean[] inOrder = longestIncreasingRun(oldIndexOfCommon);
        for (int i = 0; i < common.size(); i++) {
            if (!inOrder[i]) {
                moved.add(common.get(i));
            }
        }
    }

    /** Marks a longest increasing subsequence: the entries that kept their relative order. O(n log n). */
    private static boolean[] longestIncreasingRun(List<Integer> values) {
        int n = values.size();
        int[] tailIndex = new int[n];
        int[] previous = new int[n];
        int length = 0;
        for (int i = 0; i < n; i++) {
            int low = 0;
            int high = length;
            while (low < high) {
                int middle = (low + high) >>> 1;
                if (values.get(tailIndex[middle]) < values.get(i)) {
                    low = middle + 1;
                } else {
                    high = middle;
                }
            }
            previous[i] = low > 0 ? tailIndex[low - 1] : -1;
            tailIndex[low] = i;
            if (low == length) {
                length++;
            }
        }
        boolean[] marked = new boolean[n];
        for (int i = length > 0 ? tailIndex[length - 1] : -1; i >= 0; i = previous[i]) {
            marked[i] = true;
        }
        return marked;
    }

    private static String key(ListingEntry entry) {
        return entry.getKind().getToken() + '\u0000' + entry.getPath();
    }

    private static String content(ListingEntry entry) {
        return entry.getKind().getToken() + '\u0000' + entry.getDigest();
    }

    /** True when the checksums, modes and entries are all the same. */
    public boolean isEmpty() {
        return !isChecksumChanged() && before.getMode() == after.getMode() && added.isEmpty() && removed.isEmpty()
                && changed.isEmpty() && renamed.isEmpty() && moved.isEmpty();
    }

    public boolean isChecksumChanged() {
        return !before.getChecksum().equals(after.getChecksum());
    }

    public ChecksumListing getBefore() {
        return before;
    }

    public ChecksumListing getAfter() {
        return after;
    }

    public List<ListingEntry> getAdded() {
        return Collections.unmodifiableList(added);
    }

    public List<ListingEntry> getRemoved() {
        return Collections.unmodifiableList(removed);
    }

    public List<Change> getChanged() {
        return Collections.unmodifiableList(changed);
    }

    public List<Rename> getRenamed() {
        return Collections.unmodifiableList(renamed);
    }

    /** Entries in both listings whose place in the checksum order changed, in the order of {@code after}. */
    public List<ListingEntry> getMoved() {
        return Collections.unmodifiableList(moved);
    }

    /** A readable report, one line per difference, then the counts; see docs/checksum.md for an example. */
    public String format() {
        StringBuilder text = new StringBuilder();
        if (before.getMode() != after.getMode()) {
            text.append("mode:     ").append(before.getMode()).append(" -> ").append(after.getMode())
                    .append(" (digests of different modes are not comparable)\n");
        } else {
            text.append("mode:     ").append(after.getMode()).append('\n');
        }
        if (isChecksumChanged()) {
            text.append("checksum: ").append(before.getChecksum()).append(" -> ").append(after.getChecksum()).append('\n');
        } else {
            text.append("checksum: ").append(after.getChecksum()).append(" (unchanged)\n");
        }
        for (Change change : changed) {
            text.append("changed:  ").append(describe(change.getAfter())).append(" (").append(change.getBefore().getDigest())
                    .append(" -> ").append(change.getAfter().getDigest()).append(")\n");
        }
        for (ListingEntry entry : added) {
            text.append("added:    ").append(describe(entry)).append(" (").append(entry.getDigest()).append(")\n");
        }
        for (ListingEntry entry : removed) {
            text.append("removed:  ").append(describe(entry)).append(" (").append(entry.getDigest()).append(")\n");
        }
        for (Rename rename : renamed) {
            text.append("renamed:  ").append(describe(rename.getBefore())).append(" -> ")
                    .append(ChecksumListing.escapePath(rename.getAfter().getPath())).append(" (same content)\n");
        }
        for (ListingEntry entry : moved) {
            text.append("moved:    ").append(describe(entry)).append(" (its place in the checksum order changed)\n");
        }
        text.append(changed.size()).append(" changed, ").append(added.size()).append(" added, ").append(removed.size())
                .append(" removed, ").append(renamed.size()).append(" renamed, ").append(moved.size()).append(" moved\n");
        return text.toString();
    }

    private static String describe(ListingEntry entry) {
        return entry.getKind().getToken() + " " + ChecksumListing.escapePath(entry.getPath());
    }

    @Override
    public String toString() {
        return format();
    }
}
