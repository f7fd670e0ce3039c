# syntax=docker/dockerfile:1
# One image recipe for the three services and the token issuer, built from source:
#   docker build --build-arg SERVICE=grants-service -t alliance/grants-service .
ARG SERVICE=grants-service

FROM eclipse-temurin:25-jdk AS build
ARG SERVICE
WORKDIR /src
COPY .mvn/ .mvn/
COPY mvnw pom.xml ./
COPY events/ events/
COPY platform/ platform/
COPY local-infra/ local-infra/
COPY test-support/ test-support/
COPY token-issuer/ token-issuer/
COPY grants-service/ grants-service/
COPY disbursement-service/ disbursement-service/
COPY reporting-service/ reporting-service/
COPY local-stack/pom.xml local-stack/pom.xml
COPY bench/pom.xml bench/pom.xml
RUN --mount=type=cache,target=/root/.m2 \
    ./mvnw -q -B -DskipTests -pl ${SERVICE} -am package \
 && cp ${SERVICE}/target/${SERVICE}-*-exec.jar /app.jar

FROM eclipse-temurin:25-jre
RUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/* \
 && useradd --system --uid 10001 alliance
COPY --from=build /app.jar /app/app.jar
USER alliance
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-XX:+ExitOnOutOfMemoryError", "-jar", "/app/app.jar"]
