# The app image, built from this project: docker compose build (or docker build -t after-sales .)
FROM eclipse-temurin:17-jdk AS build
WORKDIR /src
COPY .mvn .mvn
COPY mvnw pom.xml ./
RUN ./mvnw -B -q dependency:go-offline
COPY src src
COPY bpmn bpmn
RUN ./mvnw -B -q package -DskipTests

FROM eclipse-temurin:17-jre
RUN useradd --system --uid 1001 aftersales
WORKDIR /app
COPY --from=build /src/target/after-sales-*.jar /app/after-sales.jar
USER aftersales
EXPOSE 8080
ENV SPRING_PROFILES_ACTIVE=postgres
# JVM settings as in README.md ("Memory"): a 512 MB heap and the serial collector, about 600 MB resident
ENTRYPOINT ["java", "-Xmx512m", "-XX:+UseSerialGC", "-jar", "/app/after-sales.jar"]
