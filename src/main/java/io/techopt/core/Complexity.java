package io.techopt.core;

/** How demanding a request is: the budget engine sizes its token budget by it, the route engine its model tier. */
public enum Complexity { SIMPLE, MEDIUM, COMPLEX }
