package com.aftersales.deployments;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.ExecutionListener;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.camunda.bpm.engine.delegate.VariableScope;

/**
 * The expressions a deployment may contain: a small part of JUEL, parsed here token by token (a
 * pattern could be fooled by a nested expression), then checked against the app's process beans.
 *
 * <pre>
 * text     := { literal text | '${' expr '}' | '#{' expr '}' }
 * expr     := or [ '?' expr ':' expr ]
 * or       := and { ('||' | 'or') and }
 * and      := equality { ('&amp;&amp;' | 'and') equality }
 * equality := relation { ('==' | '!=' | 'eq' | 'ne') relation }
 * relation := unary { ('&lt;' | '&gt;' | '&lt;=' | '&gt;=' | 'lt' | 'gt' | 'le' | 'ge') unary }
 * unary    := ('!' | 'not' | 'empty') unary | '-' number | value
 * value    := literal | '(' expr ')' | name { '.' name [ '(' [ expr { ',' expr } ] ')' ] }
 * literal  := 'text' | "text" | number | true | false | null
 * </pre>
 *
 * Of the names and dots, only these shapes: a process variable ({@code remedy}); a method of a process
 * bean ({@code caseRecord.status(execution, 'OPEN')}), handed {@code execution}, {@code task} (in a task
 * listener) or values; {@code execution.setVariable('name', value)}, {@code execution.getVariable('name')},
 * {@code execution.processBusinessKey}; {@code decisionResult.getSingleResult().output}. No arithmetic,
 * brackets, functions, assignments or lambdas.
 */
final class ExpressionCheck {

    /** Where an expression stands: {@code task} is known in a task listener only. */
    enum Place {
        EXECUTION,
        TASK_LISTENER
    }

    /** A value an expression hands to a process bean that must be a row of a decision table ({@link DecisionRow}). */
    record RowUse(String decision, String input, String value) {}

    private static final Set<String> REFLECTION = Set.of(
            "class",
            "getClass",
            "forName",
            "getMethod",
            "getMethods",
            "getDeclaredMethod",
            "getDeclaredMethods",
            "getConstructor",
            "getConstructors",
            "getDeclaredConstructor",
            "getDeclaredConstructors",
            "getField",
            "getDeclaredField",
            "newInstance",
            "invoke",
            "getClassLoader",
            "classLoader",
            "loadClass",
            "getRuntime",
            "exec");
    private static final Set<String> ENGINE = Set.of(
            "identityService",
            "runtimeService",
            "repositoryService",
            "taskService",
            "formService",
            "historyService",
            "managementService",
            "authorizationService",
            "filterService",
            "externalTaskService",
            "caseService",
            "decisionService",
            "processEngine",
            "processEngineServices",
            "processEngineConfiguration");
    private static final Set<String> KEYWORDS = Set.of(
            "true",
            "false",
            "null",
            "and",
            "or",
            "not",
            "eq",
            "ne",
            "lt",
            "gt",
            "le",
            "ge",
            "empty",
            "div",
            "mod",
            "instanceof");

    private final ProcessBeanCatalog beans;

    ExpressionCheck(ProcessBeanCatalog beans) {
        this.beans = beans;
    }

    static boolean hasExpression(String text) {
        return text != null && (text.contains("${") || text.contains("#{"));
    }

    /**
     * Why the text may not stand in a diagram, or {@code null} when every expression in it is of the allowed
     * shapes; the rule IDs handed to process beans are added to {@code rows}.
     */
    String whyNot(String text, Place place, List<RowUse> rows) {
        try {
            for (Node expression : parseText(text)) {
                String why = why(expression, place, rows);
                if (why != null) return why;
            }
            return null;
        } catch (Refused refused) {
            return refused.getMessage();
        }
    }

    /**
     * Why the text may not be a {@code camunda:delegateExpression}, or {@code null}: it must be
     * {@code ${name}} of a process bean of the given type.
     */
    String whyNotDelegate(String text, Class<?>... types) {
        List<Node> parts;
        try {
            parts = parseText(text.trim());
        } catch (Refused refused) {
            return refused.getMessage();
        }
        String shape = "a delegate expression names a delegate bean and nothing else, e.g. ${issueRefundDelegate}";
        if (parts.size() != 1 || !(parts.get(0) instanceof Name name) || !isWholeExpression(text.trim())) return shape;
        String why = whyName(name.name());
        if (why != null && beans.type(name.name()) == null) return why;
        Class<?> type = beans.type(name.name());
        if (type == null)
            return "there is no process bean named " + name.name() + " (the app's process beans: " + beans.names()
                    + ")";
        for (Class<?> wanted : types) {
            if (wanted.isAssignableFrom(type)) return null;
        }
        return name.name() + " is not a "
                + String.join(
                        " or ", Arrays.stream(types).map(Class::getSimpleName).toList())
                + (JavaDelegate.class.isAssignableFrom(type)
                        ? ""
                        : "; call one of its methods in an expression instead");
    }

    /** The delegate types a delegate expression may name where it stands. */
    static Class<?>[] delegateTypes(boolean executionListener, boolean taskListener) {
        if (taskListener) return new Class<?>[] {TaskListener.class};
        if (executionListener) return new Class<?>[] {ExecutionListener.class, JavaDelegate.class};
        return new Class<?>[] {JavaDelegate.class};
    }

    private static boolean isWholeExpression(String text) {
        return (text.startsWith("${") || text.startsWith("#{")) && text.endsWith("}");
    }

    // --- the shapes ------------------------------------------------------------------------------

    private String why(Node node, Place place, List<RowUse> rows) {
        if (node instanceof Literal) return null;
        if (node instanceof Name name) return whyName(name.name());
        if (node instanceof Unary unary) return why(unary.operand(), place, rows);
        if (node instanceof Binary binary)
            return first(why(binary.left(), place, rows), why(binary.right(), place, rows));
        if (node instanceof Choice choice) {
            return first(
                    why(choice.test(), place, rows),
                    first(why(choice.then(), place, rows), why(choice.otherwise(), place, rows)));
        }
        if (node instanceof Member member) return whyMember(member, place, rows);
        return whyCall((Call) node, place, rows);
    }

    private String whyName(String name) {
        if (name.equals("execution") || name.equals("task")) {
            return name
                    + " may only be handed to a process bean's method, e.g. ${caseRecord.status(execution, 'OPEN')}";
        }
        if (isEngine(name)) return engine(name);
        if (name.equals("decisionResult")) return "use decisionResult.getSingleResult().<output name>";
        if (name.equals("externalTask") || name.equals("caseExecution"))
            return name + " is not used by the app's diagrams";
        Class<?> type = beans.type(name);
        if (type != null) {
            return JavaDelegate.class.isAssignableFrom(type)
                    ? name + " is a delegate: bind it with camunda:delegateExpression=\"${" + name + "}\""
                    : name + " is a process bean: call one of its methods, e.g. ${" + name + "." + someMethod(type)
                            + "(…)}";
        }
        if (beans.isOtherBean(name)) return notAProcessBean(name);
        return null; // a process variable
    }

    private String whyMember(Member member, Place place, List<RowUse> rows) {
        String name = member.name();
        String inner = innermost(member.target(), place, rows);
        if (inner != null) return inner;
        if (REFLECTION.contains(name)) return reflection(name);
        if (isEngine(name)) return engine(name);
        Node target = member.target();
        if (target instanceof Name owner) {
            if (owner.name().equals("execution")) {
                return name.equals("processBusinessKey") ? null : executionShapes();
            }
            String why = whyName(owner.name());
            if (why != null) return why;
            return owner.name() + "." + name + ": reading a property is allowed only as execution.processBusinessKey"
                    + " and decisionResult.getSingleResult()." + name;
        }
        if (target instanceof Call call
                && call.target() instanceof Name owner
                && owner.name().equals("decisionResult")
                && call.method().equals("getSingleResult")
                && call.args().isEmpty()) {
            return null;
        }
        return "reading ." + name + " of a value is not allowed";
    }

    private String whyCall(Call call, Place place, List<RowUse> rows) {
        String method = call.method();
        String inner = innermost(call.target(), place, rows);
        if (inner != null) return inner;
        if (REFLECTION.contains(method)) return reflection(method);
        if (isEngine(method)) return engine(method);
        if (!(call.target() instanceof Name owner)) return "calling " + method + "(…) on a value is not allowed";
        String name = owner.name();
        if (name.equals("execution")) return whyExecutionCall(call, place, rows);
        if (name.equals("task"))
            return "task may only be handed to a process bean's method, e.g. ${serviceLevels.due(task, 'R-SLA-1')}";
        Class<?> type = beans.type(name);
        if (type == null) {
            String why = whyName(name);
            return why != null ? why : "calling a method of the variable " + name + " is not allowed";
        }
        if (JavaDelegate.class.isAssignableFrom(type)) return whyName(name);
        return whyProcessBeanCall(name, type, call, place, rows);
    }

    /**
     * What is wrong further in of a chain such as {@code ''.getClass().forName(…)}, so the reason names the
     * first wrong step; a name or the one allowed {@code decisionResult.getSingleResult()} is judged with its member.
     */
    private String innermost(Node target, Place place, List<RowUse> rows) {
        if (target instanceof Name || target instanceof Literal) return null;
        if (target instanceof Call call
                && call.target() instanceof Name owner
                && owner.name().equals("decisionResult")
                && call.method().equals("getSingleResult")
                && call.args().isEmpty()) {
            return null;
        }
        return why(target, place, rows);
    }

    private String whyExecutionCall(Call call, Place place, List<RowUse> rows) {
        List<Node> args = call.args();
        if (call.method().equals("getVariable") && args.size() == 1 && isText(args.get(0))) return null;
        if (call.method().equals("setVariable") && args.size() == 2 && isText(args.get(0)))
            return why(args.get(1), place, rows);
        return executionShapes();
    }

    private String whyProcessBeanCall(String bean, Class<?> type, Call call, Place place, List<RowUse> rows) {
        List<Node> args = call.args();
        for (int i = 0; i < args.size(); i++) {
            Node arg = args.get(i);
            if (arg instanceof Name name && name.name().equals("task") && place != Place.TASK_LISTENER) {
                return "task is known in a task listener only (camunda:taskListener)";
            }
            if (!isEngineObject(arg)) {
                String why = why(arg, place, rows);
                if (why != null) return why;
            }
        }
        List<Method> named = methods(type).stream()
                .filter(m -> m.getName().equals(call.method()))
                .toList();
        if (named.isEmpty()) {
            return bean + " has no method " + call.method() + " (its methods: " + methodNames(type) + ")";
        }
        for (Method method : named) {
            if (fits(method, args)) return rowsOf(bean, method, args, rows);
        }
        return bean + "." + call.method() + " takes "
                + String.join(
                        " or ", named.stream().map(ExpressionCheck::signature).toList()) + ", not these " + args.size()
                + " argument(s)";
    }

    /** execution and task go to parameters of their type, values to any other parameter. */
    private static boolean fits(Method method, List<Node> args) {
        Class<?>[] parameters = method.getParameterTypes();
        if (parameters.length != args.size()) return false;
        for (int i = 0; i < parameters.length; i++) {
            Node arg = args.get(i);
            boolean execution = arg instanceof Name n && n.name().equals("execution");
            boolean task = arg instanceof Name n && n.name().equals("task");
            if (execution && !parameters[i].isAssignableFrom(DelegateExecution.class)) return false;
            if (task && !parameters[i].isAssignableFrom(DelegateTask.class)) return false;
            if (!execution && !task && VariableScope.class.isAssignableFrom(parameters[i])) return false;
        }
        return true;
    }

    private static String rowsOf(String bean, Method method, List<Node> args, List<RowUse> rows) {
        for (int i = 0; i < args.size(); i++) {
            DecisionRow row = method.getParameters()[i].getAnnotation(DecisionRow.class);
            if (row == null) continue;
            if (!(args.get(i) instanceof Literal literal && literal.value() instanceof String value)) {
                return bean + "." + method.getName()
                        + ": write the rule ID out, e.g. 'R-SLA-3', so that the deployment can be"
                        + " checked against the " + row.decision() + " table";
            }
            rows.add(new RowUse(row.decision(), row.input(), value));
        }
        return null;
    }

    private static boolean isEngineObject(Node node) {
        return node instanceof Name name
                && (name.name().equals("execution") || name.name().equals("task"));
    }

    private static boolean isText(Node node) {
        return node instanceof Literal literal && literal.value() instanceof String;
    }

    /** Names that reach the engine: its services as beans or getters, the engine and its configuration. */
    private boolean isEngine(String name) {
        if (beans.type(name) != null) return false;
        String property = name.startsWith("get") && name.length() > 3
                ? Character.toLowerCase(name.charAt(3)) + name.substring(4)
                : name;
        return ENGINE.contains(property) || property.startsWith("processEngine");
    }

    private static String engine(String name) {
        return name
                + " reaches the engine's services, which a diagram may not use (they change users, groups, authorizations and any case)";
    }

    private static String reflection(String name) {
        return name + " is reflection, which reaches any Java class on the server; a diagram may not use it";
    }

    private String notAProcessBean(String name) {
        return name + " is a bean of the app that diagrams may not use; the process beans are " + beans.names();
    }

    private static String executionShapes() {
        return "of execution only execution.setVariable('name', value), execution.getVariable('name') and"
                + " execution.processBusinessKey are allowed";
    }

    private static List<Method> methods(Class<?> type) {
        return Arrays.stream(type.getMethods())
                .filter(m -> m.getDeclaringClass() != Object.class
                        && !Modifier.isStatic(m.getModifiers())
                        && !m.isSynthetic())
                .toList();
    }

    private static Set<String> methodNames(Class<?> type) {
        Set<String> names = new TreeSet<>();
        methods(type).forEach(m -> names.add(m.getName()));
        return names;
    }

    private static String someMethod(Class<?> type) {
        Set<String> names = methodNames(type);
        return names.isEmpty() ? "method" : names.iterator().next();
    }

    private static String signature(Method method) {
        return method.getName() + "("
                + String.join(
                        ", ",
                        Arrays.stream(method.getParameterTypes())
                                .map(Class::getSimpleName)
                                .toList()) + ")";
    }

    private static String first(String a, String b) {
        return a != null ? a : b;
    }

    // --- the syntax tree -------------------------------------------------------------------------

    private sealed interface Node permits Literal, Name, Member, Call, Unary, Binary, Choice {}

    private record Literal(Object value) implements Node {}

    private record Name(String name) implements Node {}

    private record Member(Node target, String name) implements Node {}

    private record Call(Node target, String method, List<Node> args) implements Node {}

    private record Unary(String operator, Node operand) implements Node {}

    private record Binary(String operator, Node left, Node right) implements Node {}

    private record Choice(Node test, Node then, Node otherwise) implements Node {}

    private static final class Refused extends RuntimeException {
        Refused(String message) {
            super(message, null, false, false);
        }
    }

    // --- parsing ---------------------------------------------------------------------------------

    /** The expressions of a text, in order; literal text between them is not an expression. */
    private static List<Node> parseText(String text) {
        List<Node> expressions = new ArrayList<>();
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            boolean opens = (c == '$' || c == '#') && i + 1 < text.length() && text.charAt(i + 1) == '{';
            if (c == '\\'
                    && i + 2 < text.length()
                    && (text.charAt(i + 1) == '$' || text.charAt(i + 1) == '#')
                    && text.charAt(i + 2) == '{') {
                i += 3; // \${ is literal text in JUEL
            } else if (opens) {
                Parser parser = new Parser(text, i + 2);
                expressions.add(parser.expressionToEnd());
                i = parser.position;
            } else {
                i++;
            }
        }
        return expressions;
    }

    private enum Kind {
        NAME,
        TEXT,
        NUMBER,
        SYMBOL,
        END
    }

    private record Token(Kind kind, String text, Object value) {
        boolean is(String symbol) {
            return (kind == Kind.SYMBOL || kind == Kind.NAME) && text.equals(symbol);
        }
    }

    /** Recursive descent over the tokens of one ${…}; {@link #position} ends after its closing brace. */
    private static final class Parser {
        private final String text;
        private int position;
        private Token token;

        Parser(String text, int start) {
            this.text = text;
            this.position = start;
            advance();
        }

        Node expressionToEnd() {
            Node expression = expression();
            if (token.kind() != Kind.END) throw unexpected();
            return expression;
        }

        private Node expression() {
            Node test = or();
            if (!token.is("?")) return test;
            advance();
            Node then = expression();
            expect(":");
            return new Choice(test, then, expression());
        }

        private Node or() {
            Node left = and();
            while (token.is("||") || token.is("or")) {
                advance();
                left = new Binary("||", left, and());
            }
            return left;
        }

        private Node and() {
            Node left = equality();
            while (token.is("&&") || token.is("and")) {
                advance();
                left = new Binary("&&", left, equality());
            }
            return left;
        }

        private Node equality() {
            Node left = relation();
            while (token.is("==") || token.is("!=") || token.is("eq") || token.is("ne")) {
                String operator = token.text();
                advance();
                left = new Binary(operator, left, relation());
            }
            return left;
        }

        private Node relation() {
            Node left = unary();
            while (token.is("<")
                    || token.is(">")
                    || token.is("<=")
                    || token.is(">=")
                    || token.is("lt")
                    || token.is("gt")
                    || token.is("le")
                    || token.is("ge")) {
                String operator = token.text();
                advance();
                left = new Binary(operator, left, unary());
            }
            return left;
        }

        private Node unary() {
            if (token.is("!") || token.is("not") || token.is("empty")) {
                String operator = token.text();
                advance();
                return new Unary(operator, unary());
            }
            if (token.is("-")) {
                advance();
                if (token.kind() != Kind.NUMBER)
                    throw new Refused("arithmetic (-) is not allowed in a diagram's expressions");
                Node number = new Literal(token.value());
                advance();
                return number;
            }
            return value();
        }

        private Node value() {
            Node value = primary();
            while (token.is(".")) {
                advance();
                if (token.kind() != Kind.NAME) throw unexpected();
                String name = token.text();
                advance();
                if (token.is("(")) {
                    advance();
                    value = new Call(value, name, arguments());
                } else {
                    value = new Member(value, name);
                }
            }
            if (token.is("[")) throw new Refused("brackets [ ] are not allowed in a diagram's expressions");
            if (token.is("(")) throw new Refused("functions are not allowed in a diagram's expressions");
            return value;
        }

        private Node primary() {
            Token current = token;
            switch (current.kind()) {
                case TEXT, NUMBER -> {
                    advance();
                    return new Literal(current.value());
                }
                case NAME -> {
                    advance();
                    return switch (current.text()) {
                        case "true" -> new Literal(Boolean.TRUE);
                        case "false" -> new Literal(Boolean.FALSE);
                        case "null" -> new Literal(null);
                        default -> {
                            if (KEYWORDS.contains(current.text()))
                                throw new Refused(current.text() + " is not allowed in a diagram's expressions");
                            yield new Name(current.text());
                        }
                    };
                }
                case SYMBOL -> {
                    if (current.is("(")) {
                        advance();
                        Node inner = expression();
                        expect(")");
                        return inner;
                    }
                    throw unexpected();
                }
                default -> throw unexpected();
            }
        }

        private List<Node> arguments() {
            List<Node> args = new ArrayList<>();
            if (token.is(")")) {
                advance();
                return args;
            }
            while (true) {
                args.add(expression());
                if (token.is(")")) {
                    advance();
                    return args;
                }
                expect(",");
            }
        }

        private void expect(String symbol) {
            if (!token.is(symbol)) throw unexpected();
            advance();
        }

        private Refused unexpected() {
            if (token.kind() == Kind.END) return new Refused("the expression ends too early");
            String symbol = token.text() != null ? token.text() : String.valueOf(token.value());
            if (Set.of("+", "*", "/", "%", "div", "mod").contains(symbol))
                return new Refused("arithmetic (" + symbol + ") is not allowed in a diagram's expressions");
            if (Set.of("=", "+=", ";", "->", "{").contains(symbol))
                return new Refused(symbol + " (assignments, lambdas, sets) is not allowed in a diagram's expressions");
            return new Refused("'" + symbol + "' is not expected here");
        }

        /** Reads the next token; the closing brace of the expression is {@link Kind#END}. */
        private void advance() {
            while (position < text.length() && Character.isWhitespace(text.charAt(position))) position++;
            if (position >= text.length()) throw new Refused("an expression is not closed with }");
            char c = text.charAt(position);
            if (c == '}') {
                position++;
                token = new Token(Kind.END, "}", null);
            } else if (c == '\'' || c == '"') {
                token = new Token(Kind.TEXT, null, string(c));
            } else if (Character.isDigit(c)
                    || (c == '.' && position + 1 < text.length() && Character.isDigit(text.charAt(position + 1)))) {
                token = number();
            } else if (Character.isJavaIdentifierStart(c)) {
                int start = position;
                while (position < text.length() && Character.isJavaIdentifierPart(text.charAt(position))) position++;
                token = new Token(Kind.NAME, text.substring(start, position), null);
            } else {
                token = new Token(Kind.SYMBOL, symbol(), null);
            }
        }

        private String string(char quote) {
            StringBuilder value = new StringBuilder();
            position++;
            while (position < text.length()) {
                char c = text.charAt(position++);
                if (c == quote) return value.toString();
                if (c == '\\') {
                    char escaped = position < text.length() ? text.charAt(position++) : ' ';
                    if (escaped != '\\' && escaped != quote)
                        throw new Refused(
                                "'\\" + escaped + "' is not allowed in a text (JUEL knows \\\\ and \\" + quote + ")");
                    value.append(escaped);
                } else {
                    value.append(c);
                }
            }
            throw new Refused("a text in quotes is not closed");
        }

        private Token number() {
            int start = position;
            while (position < text.length() && Character.isDigit(text.charAt(position))) position++;
            boolean decimal = false;
            if (position + 1 < text.length()
                    && text.charAt(position) == '.'
                    && Character.isDigit(text.charAt(position + 1))) {
                decimal = true;
                position++;
                while (position < text.length() && Character.isDigit(text.charAt(position))) position++;
            }
            if (position < text.length() && (text.charAt(position) == 'e' || text.charAt(position) == 'E')) {
                throw new Refused("numbers with exponents are not allowed in a diagram's expressions");
            }
            String digits = text.substring(start, position);
            if (position < text.length() && Character.isJavaIdentifierPart(text.charAt(position))) {
                throw new Refused("'" + digits + text.charAt(position) + "' is not a number");
            }
            return new Token(
                    Kind.NUMBER, digits, decimal ? (Object) Double.valueOf(digits) : (Object) Long.valueOf(digits));
        }

        private String symbol() {
            for (String symbol : List.of("==", "!=", "<=", ">=", "&&", "||", "+=", "->")) {
                if (text.startsWith(symbol, position)) {
                    position += symbol.length();
                    return symbol;
                }
            }
            char c = text.charAt(position++);
            if ("<>!?:(),.[]+-*/%=;{".indexOf(c) < 0)
                throw new Refused("'" + c + "' is not allowed in a diagram's expressions");
            return String.valueOf(c);
        }
    }
}
