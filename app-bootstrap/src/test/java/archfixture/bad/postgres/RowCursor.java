package archfixture.bad.postgres;

/** Breaks the visibility rule: an inner part of the adapter is public. */
public class RowCursor {}
