package io.techopt.core;

/** One prompt message, its content flattened to text (text parts joined by newlines). */
public record Message(String role, String content) {
}
