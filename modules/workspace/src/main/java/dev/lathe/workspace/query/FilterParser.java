package dev.lathe.workspace.query;

import dev.lathe.core.RunStatus;
import dev.lathe.workspace.query.RunField.Attr;
import dev.lathe.workspace.query.RunFilter.Op;
import dev.lathe.workspace.query.RunFilter.Value;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Recursive-descent parser for the filter language. Precedence: not binds tighter than and, and tighter than
 * or; parentheses group. One instance parses one text.
 */
final class FilterParser {
    private enum Kind { WORD, STRING, OP, LPAREN, RPAREN, COMMA, END }

    /** A token and its 1-based column. */
    private record Token(Kind kind, String text, int column) {
        boolean isKeyword(String keyword) {
            return kind == Kind.WORD && text.equalsIgnoreCase(keyword);
        }

        String describe() {
            return switch (kind) {
                case END -> "the end";
                case STRING -> "\"" + text + "\"";
                default -> "'" + text + "'";
            };
        }
    }

    private final List<Token> tokens;
    private int pos;

    FilterParser(String text) {
        this.tokens = tokenize(text == null ? "" : text);
    }

    RunFilter parse() {
        if (peek().kind() == Kind.END) {
            return new RunFilter.All();
        }
        RunFilter f = or();
        Token t = peek();
        if (t.kind() != Kind.END) {
            throw new RunFilterException(t.kind() == Kind.RPAREN ? "unmatched ')'"
                    : "expected 'and', 'or' or the end, found " + t.describe(), t.column());
        }
        return f;
    }

    private RunFilter or() {
        RunFilter left = and();
        while (peek().isKeyword("or")) {
            pos++;
            left = new RunFilter.Or(left, and());
        }
        return left;
    }

    private RunFilter and() {
        RunFilter left = not();
        while (peek().isKeyword("and")) {
            pos++;
            left = new RunFilter.And(left, not());
        }
        return left;
    }

    private RunFilter not() {
        if (peek().isKeyword("not")) {
            pos++;
            return new RunFilter.Not(not());
        }
        return primary();
    }

    private RunFilter primary() {
        Token t = next();
        if (t.kind() == Kind.LPAREN) {
            RunFilter inner = or();
            Token close = next();
            if (close.kind() != Kind.RPAREN) {
                throw new RunFilterException("expected ')' to close the '(' at column " + t.column()
                        + ", found " + close.describe(), close.column());
            }
            return inner;
        }
        if (t.kind() != Kind.WORD || isReserved(t.text())) {
            throw new RunFilterException("expected a field (status, name, experiment, trainer, started, ended, "
                    + "params.NAME, tags.NAME, metrics.NAME), found " + t.describe(), t.column());
        }
        RunField field = RunField.parse(t.text()).orElseThrow(() -> new RunFilterException("unknown field '"
                + t.text() + "' (try status, name, experiment, trainer, started, ended, params.NAME, tags.NAME, "
                + "metrics.NAME)", t.column()));
        if (field instanceof RunField.Column(Attr attr) && attr == Attr.DURATION) {
            throw new RunFilterException("duration sorts the table but cannot filter it", t.column());
        }
        Token opToken = next();
        if (opToken.isKeyword("in")) {
            return in(field, t, opToken);
        }
        if (opToken.kind() != Kind.OP) {
            throw new RunFilterException("expected an operator (= != < <= > >= ~ in) after '" + t.text()
                    + "', found " + opToken.describe(), opToken.column());
        }
        Op op = op(opToken);
        Token v = value(opToken);
        check(field, t, op, opToken, v);
        return new RunFilter.Compare(field, op, Value.of(v.text()));
    }

    private RunFilter in(RunField field, Token fieldToken, Token inToken) {
        Token open = next();
        if (open.kind() != Kind.LPAREN) {
            throw new RunFilterException("expected '(' after 'in', found " + open.describe(), open.column());
        }
        List<Value> values = new ArrayList<>();
        Token last = open;
        while (true) {
            Token v = value(last);
            check(field, fieldToken, Op.EQ, inToken, v);
            values.add(Value.of(v.text()));
            Token sep = next();
            if (sep.kind() == Kind.RPAREN) {
                return new RunFilter.In(field, values);
            }
            if (sep.kind() != Kind.COMMA) {
                throw new RunFilterException("expected ',' or ')' in the list, found " + sep.describe(), sep.column());
            }
            last = sep;
        }
    }

    private Token value(Token after) {
        Token v = next();
        if (v.kind() == Kind.STRING || (v.kind() == Kind.WORD && !isReserved(v.text()))) {
            return v;
        }
        throw new RunFilterException("expected a value after '" + after.text() + "', found " + v.describe(),
                v.column());
    }

    /** Rejects a value the field cannot hold, so the user hears about it where it is written. */
    private static void check(RunField field, Token fieldToken, Op op, Token opToken, Token v) {
        switch (field) {
            case RunField.Metric m -> {
                if (op == Op.CONTAINS) {
                    throw new RunFilterException("'~' needs text, but " + m.display() + " is a number", opToken.column());
                }
                if (number(v.text()) == null) {
                    throw new RunFilterException("expected a number for " + m.display() + ", found " + v.describe(),
                            v.column());
                }
            }
            case RunField.Column(Attr attr) when attr == Attr.STATUS -> {
                if (op != Op.EQ && op != Op.NE) {
                    throw new RunFilterException("status takes = != or in, not '" + op.symbol() + "'", opToken.column());
                }
                if (Arrays.stream(RunStatus.values()).noneMatch(s -> s.name().equalsIgnoreCase(v.text()))) {
                    throw new RunFilterException("unknown status " + v.describe() + " (expected one of "
                            + Arrays.toString(RunStatus.values()) + ")", v.column());
                }
            }
            case RunField.Column(Attr attr) when attr == Attr.STARTED || attr == Attr.ENDED -> {
                if (op == Op.CONTAINS) {
                    throw new RunFilterException("'~' needs text, but " + fieldToken.text() + " is a date",
                            opToken.column());
                }
                if (date(v.text()) == null) {
                    throw new RunFilterException("expected a date like 2026-01-31 or 2026-01-31T14:30 for "
                            + fieldToken.text() + ", found " + v.describe(), v.column());
                }
            }
            default -> {
            }
        }
    }

    private static Op op(Token t) {
        for (Op op : Op.values()) {
            if (op.symbol().equals(t.text())) {
                return op;
            }
        }
        throw new RunFilterException("unknown operator '" + t.text() + "'", t.column());
    }

    private static boolean isReserved(String word) {
        return word.equalsIgnoreCase("and") || word.equalsIgnoreCase("or") || word.equalsIgnoreCase("not")
                || word.equalsIgnoreCase("in");
    }

    static Double number(String text) {
        String s = text.strip();
        // Double.valueOf also reads "NaN", "Infinity" and hex: a param value like "Infinity" stays text
        if (s.isEmpty() || !s.matches("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?")) {
            return null;
        }
        return Double.valueOf(s);
    }

    /** A date (whole day) or date-time, in the zone the filter is compiled for; null when it is neither. */
    static LocalDateTime date(String text) {
        try {
            return text.length() <= 10 ? LocalDate.parse(text).atStartOfDay() : LocalDateTime.parse(text);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private Token peek() {
        return tokens.get(pos);
    }

    private Token next() {
        Token t = tokens.get(pos);
        if (t.kind() != Kind.END) {
            pos++;
        }
        return t;
    }

    private static List<Token> tokenize(String s) {
        List<Token> out = new ArrayList<>();
        int i = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            int col = i + 1;
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '(' || c == ')' || c == ',') {
                out.add(new Token(c == '(' ? Kind.LPAREN : c == ')' ? Kind.RPAREN : Kind.COMMA, String.valueOf(c), col));
                i++;
            } else if (c == '"' || c == '\'') {
                StringBuilder text = new StringBuilder();
                int j = i + 1;
                while (true) {
                    if (j >= s.length()) {
                        throw new RunFilterException("unterminated string: the quote is never closed", col);
                    }
                    char d = s.charAt(j);
                    if (d == c) {
                        break;
                    }
                    if (d == '\\') {
                        if (j + 1 >= s.length()) {
                            throw new RunFilterException("unterminated string: the quote is never closed", col);
                        }
                        char e = s.charAt(j + 1);
                        text.append(switch (e) {
                            case 'n' -> '\n';
                            case 't' -> '\t';
                            default -> e;
                        });
                        j += 2;
                    } else {
                        text.append(d);
                        j++;
                    }
                }
                out.add(new Token(Kind.STRING, text.toString(), col));
                i = j + 1;
            } else if ("=!<>~".indexOf(c) >= 0) {
                String two = i + 1 < s.length() ? s.substring(i, i + 2) : "";
                String op = two.equals("!=") || two.equals("<=") || two.equals(">=") ? two
                        : two.equals("==") ? "=" : String.valueOf(c);
                if (op.equals("!")) {
                    throw new RunFilterException("'!' must be followed by '=' (use 'not' to negate)", col);
                }
                out.add(new Token(Kind.OP, op, col));
                i += two.equals("==") ? 2 : op.length();
            } else if (isWordChar(c)) {
                int j = i;
                while (j < s.length() && isWordChar(s.charAt(j))) {
                    j++;
                }
                out.add(new Token(Kind.WORD, s.substring(i, j), col));
                i = j;
            } else {
                throw new RunFilterException("unexpected character '" + c + "' (quote text that holds it)", col);
            }
        }
        out.add(new Token(Kind.END, "", s.length() + 1));
        return out;
    }

    private static boolean isWordChar(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || c == '.' || c == '-' || c == ':' || c == '+';
    }
}
