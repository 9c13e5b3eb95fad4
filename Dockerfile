# Multi-stage build: the SDK compiles, the smaller ASP.NET runtime image runs.
# (No Docker engine runs on the machines this project is developed on, so this file is unbuilt there.)
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /source
COPY global.json Directory.Build.props Directory.Packages.props .editorconfig ContentApi.sln ./
COPY src/ContentApi/ContentApi.csproj src/ContentApi/
RUN dotnet restore src/ContentApi/ContentApi.csproj
COPY src/ src/
RUN dotnet publish src/ContentApi/ContentApi.csproj -c Release --no-restore -o /app

FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS runtime
WORKDIR /app
COPY --from=build /app ./
# The SQLite database (the default) lives on a volume, owned by the image's unprivileged user. For PostgreSQL, set
# Database__Provider=Postgres and ConnectionStrings__Content to the server's Npgsql connection string; the volume is unused.
RUN mkdir -p /data && chown app:app /data
VOLUME /data
ENV ASPNETCORE_URLS=http://+:8080 \
    ConnectionStrings__Content="Data Source=/data/content.db"
EXPOSE 8080
USER app
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
  CMD ["dotnet", "ContentApi.dll", "healthcheck"]
ENTRYPOINT ["dotnet", "ContentApi.dll"]
